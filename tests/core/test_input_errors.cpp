// Bad experiment text fails with one short InputError naming the file and field, never a
// crash: deep nesting is refused before parsing, numbers that overflow a double name their
// field, values in messages are a type and a short escaped preview, dense units are bounded,
// a folder given as an experiment file is named as a folder, a FIFO or a device is refused
// without waiting, and a name that is neither a file nor a preset says where the presets are
// listed (suggesting the nearest one) in one short line.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include <string>

#include "base/input_error.h"
#include "base/json_document.h"
#include "base/text_preview.h"
#include "core/config/experiment_config.h"
#include "tests/support/temp_dir.h"

namespace {

// The InputError message of parsing `text` as an experiment named "my.json" ("" if none).
std::string errorOf(const std::string& text) {
    try {
        dl::parseExperiment(text, "my.json");
    } catch (const dl::InputError& e) {
        return e.what();
    }
    return {};
}

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

// A valid experiment with `field` of the top level replaced by `value` (raw JSON text).
std::string experimentWith(const std::string& name, const std::string& seed,
                           const std::string& dataset, const std::string& layers) {
    return R"({"name": )" + name + R"(, "seed": )" + seed + R"(, "dataset": )" + dataset +
           R"(, "network": {"layers": )" + layers + "}}";
}

const std::string kName = R"("x")", kSeed = "1", kData = R"({"kind": "moons"})",
                  kLayers = R"([{"units": 8}])";

bool hasRawControl(const std::string& s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

TEST(InputErrors, ValidExperimentStillParses) {
    EXPECT_EQ(errorOf(experimentWith(kName, kSeed, kData, kLayers)), "");
}

TEST(InputErrors, DeepNestingIsRefusedBeforeParsingAnywhere) {
    const std::string deep = nested(60000);
    for (const std::string& text :
         {experimentWith(deep, kSeed, kData, kLayers), experimentWith(kName, deep, kData, kLayers),
          experimentWith(kName, kSeed, R"({"kind": "moons", "samples": )" + deep + "}", kLayers),
          deep}) {
        const std::string e = errorOf(text);
        EXPECT_TRUE(e.starts_with("my.json: arrays and objects are nested more than 64 deep")) << e;
        EXPECT_LT(e.size(), 200u) << e;
    }
}

TEST(InputErrors, NestingUpToTheLimitParsesAndBeyondItDoesNot) {
    EXPECT_NO_THROW(dl::parseJsonDocument(nested(dl::kMaxJsonDepth), "a.json"));
    EXPECT_THROW(dl::parseJsonDocument(nested(dl::kMaxJsonDepth + 1), "a.json"), dl::InputError);
    // Brackets inside strings are text, not nesting.
    EXPECT_NO_THROW(dl::parseJsonDocument("\"" + std::string(1000, '[') + "\"", "a.json"));
}

TEST(InputErrors, ADeepValueOfTheWrongTypeShowsTypeAndShortPreview) {
    const std::string e = errorOf(experimentWith(nested(60), kSeed, kData, kLayers));
    EXPECT_EQ(e, "my.json: name: expected a string, got an array " + std::string(39, '[') + "….");
}

TEST(InputErrors, NumberOverflowNamesFileAndField) {
    const std::string e = errorOf(
        experimentWith(kName, kSeed, kData, R"([{"units": 8, "dropout": {"rate": 1e400}}])"));
    EXPECT_EQ(e,
              "my.json: network.layers[0].dropout.rate: expected a number a double can hold "
              "(magnitude below 1.8e308), got 1e400.");
}

TEST(InputErrors, ParseErrorsOfAnyKindAreInputErrorsNamingTheSource) {
    for (const std::string text :
         {"", "{", "{\"a\": tru}", "[1, 2,]", "-1e999999", "\"\\ud800\""}) {
        try {
            dl::parseJsonDocument(text, "run.json");
            ADD_FAILURE() << "accepted " << text;
        } catch (const dl::InputError& e) {
            EXPECT_TRUE(std::string(e.what()).starts_with("run.json: ")) << e.what();
        }
    }
}

TEST(InputErrors, AHugeStringIsPreviewedNotCopied) {
    const std::string huge = "\"" + std::string(10'000'000, 'a') + "\"";
    const std::string e = errorOf(experimentWith(kName, huge, kData, kLayers));
    EXPECT_EQ(e,
              "my.json: seed: expected a whole number ≥ 0, got a string "
              "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa….");
}

TEST(InputErrors, ControlCharactersAndNulAreEscapedNotCut) {
    // A NUL inside a value used to end the message (what() is a C string); ESC was echoed raw.
    const std::string e =
        errorOf(experimentWith(kName, kSeed, kData, R"([{"type": "a\u0000b\u001b[31mred"}])"));
    EXPECT_FALSE(hasRawControl(e)) << e;
    EXPECT_NE(e.find(R"(got "a\x00b\x1b[31mred".)"), std::string::npos) << e;
    const std::string key = errorOf(
        R"({"bad\u0007key\n": 1, "dataset": {"kind": "moons"}, "network": {"layers": []}})");
    EXPECT_EQ(key, R"(my.json: bad\x07key\n: unknown field.)");
}

TEST(InputErrors, DenseUnitsAreBounded) {
    EXPECT_EQ(errorOf(experimentWith(kName, kSeed, kData, R"([{"units": 1000000000}])")),
              "my.json: network.layers[0].units: expected a whole number ≤ 4096, got "
              "1000000000.");
    EXPECT_EQ(errorOf(experimentWith(kName, kSeed, kData, R"([{"units": 4096}])")), "");
}

TEST(InputErrors, IntervalPreviewsNameTheType) {
    const std::string e = errorOf(
        experimentWith(kName, kSeed, R"({"kind": "sine-gap", "gap": [1, "x\ty"]})", kLayers));
    EXPECT_EQ(
        e,
        R"(my.json: dataset.gap: expected [lo, hi] with two numbers lo < hi, got an array [1,"x\ty"].)");
}

TEST(InputErrors, AFolderIsNamedAsAFolder) {
    dl::test::TempDir dir;
    try {
        dl::loadExperiment(dir.path().string());
        FAIL() << "a folder was accepted";
    } catch (const dl::InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  dir.path().string() + ": is a folder; expected an experiment JSON file.");
    }
}

// The sentence loadExperiment(arg) throws, or "".
std::string loadError(const std::string& arg) {
    try {
        dl::loadExperiment(arg);
    } catch (const dl::InputError& e) {
        return e.what();
    }
    return {};
}

TEST(InputErrors, AFifoOrADeviceIsRefusedWithoutWaiting) {
    dl::test::TempDir dir;
    const std::string fifo = dir.file("c.json");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    auto error = std::async(std::launch::async, [&] { return loadError(fifo); });
    ASSERT_EQ(error.wait_for(std::chrono::seconds(20)), std::future_status::ready)
        << "reading a FIFO with no writer hung";  // (the test then hangs too: that is the bug)
    EXPECT_EQ(error.get(),
              fifo + ": is not a regular file (it is a FIFO); expected an experiment JSON file.");
    EXPECT_EQ(loadError("/dev/null"),
              "/dev/null: is not a regular file (it is a character "
              "device); expected an experiment JSON file.");
}

TEST(InputErrors, NeitherAFileNorAPresetSaysWhereThePresetsAreListed) {
    const std::string typo = loadError("spiral-dropuot");
    EXPECT_EQ(typo,
              "spiral-dropuot: no such file, and no built-in preset by that name (did you mean "
              "spiral-dropout?); `dropoutlab-cli presets` lists the built-in ones.");
    const std::string far = loadError("/no/such/experiment.json");
    EXPECT_EQ(far,
              "/no/such/experiment.json: no such file, and no built-in preset by that name; "
              "`dropoutlab-cli presets` lists the built-in ones.");
    const std::string odd = loadError("a\nb\x1b[2J" + std::string(1000, 'z'));
    EXPECT_FALSE(hasRawControl(odd)) << odd;
    EXPECT_TRUE(odd.starts_with(R"(a\nb\x1b[2Jzzz)")) << odd;
    EXPECT_LT(odd.size(), 300u) << odd;
    EXPECT_EQ(loadError(""), "the experiment is empty; expected a JSON file or a preset name.");
}

TEST(TextPreview, DescribesTypeAndCutsAtFortyCharacters) {
    EXPECT_EQ(dl::describeJson(nlohmann::json(2.5)), "2.5");
    EXPECT_EQ(dl::describeJson(nlohmann::json(true)), "true");
    EXPECT_EQ(dl::describeJson(nlohmann::json("ab")), R"(a string "ab")");
    EXPECT_EQ(dl::describeJson(nlohmann::json::parse(R"({"k": [1, 2]})")),
              R"(an object {"k":[1,2]})");
    // Exactly 40 characters fit; 41 are cut to 39 and "…".
    const std::string forty = "[\"" + std::string(36, 'q') + "\"]";
    EXPECT_EQ(dl::describeJson(nlohmann::json::parse(forty)), "an array " + forty);
    EXPECT_EQ(dl::describeJson(nlohmann::json(std::string(100, 'z'))),
              "a string \"" + std::string(38, 'z') + "…");
}

TEST(TextPreview, EscapesControlsAndInvalidUtf8ButKeepsText) {
    EXPECT_EQ(dl::escapeText("≥ é\x1b[0m\n\x9b\xff", 100), "≥ é\\x1b[0m\\n\\x9b\\xff");
    EXPECT_EQ(dl::escapeText("\xc2\x9b", 100), "\\xc2\\x9b");  // C1 CSI as UTF-8
    EXPECT_EQ(dl::escapeText("abcdef", 4), "abc…");
    EXPECT_EQ(dl::escapeText("abcd", 4), "abcd");
}

}  // namespace
