// The bad-input catalogue: well over 200 bad inputs, each run through the real dropoutlab-cli
// binary, each held to the contract of docs/architecture.md for bad input:
//   - the program exits by itself (no signal, no hang: a 60 s limit per case),
//   - with status 2 (command-line mistakes too: the parser's errors exit 2),
//   - stderr is exactly one line "dropoutlab-cli: <one sentence>." of at most 300 characters,
//     with no control characters, never "unexpected error", naming the file, field or flag,
//   - stdout is empty,
//   - the case's folder is unchanged afterwards: no output file, no temporary file, inputs
//     (including a FIFO named by --out) left as they were.
// Inputs are generated per case in a fresh folder from valid ones by one mutation: experiment
// files (syntax, depth, types, ranges, unknown fields, every section and layer type, dropout
// sites and schedules), CSV and IDX data, RUN.json (from a tiny run trained once), the flags of
// every subcommand, output paths, and inputs that are folders, FIFOs, sockets or devices (a
// character device named by --out is not bad input: it is written straight through, and
// test_cli_output_safety.cpp checks that). The children inherit an 8 GiB
// address-space cap (under ASan: its allocator's 8 GiB limits), so an unchecked huge allocation
// fails here as it would on a small machine instead of squeezing the shared one. Signals while
// writing are tested elsewhere.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>
#include <cstdlib>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"

using dl::test::CliResult;
using dl::test::describe;
using dl::test::runCli;
using dl::test::RunOptions;
using dl::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxMessage = 300;
constexpr auto kTimeout = std::chrono::seconds(60);

// ---- generated inputs ----

std::string q(const std::string& s) {
    return json(s).dump();
}  // a JSON string literal
std::string deep(int n) {
    return std::string(n, '[') + std::string(n, ']');
}
const std::string kDrop = "<drop>";  // withRaw: remove the field instead

// `j` as text with the value at `pointer` replaced by the raw JSON text `raw` (which may be
// something nlohmann cannot hold: 1e400, 60 000 levels of nesting), or removed (kDrop).
std::string withRaw(json j, const std::string& pointer, const std::string& raw) {
    const json::json_pointer p(pointer);
    if (raw == kDrop) {
        j[p.parent_pointer()].erase(p.back());
        return j.dump();
    }
    j[p] = "\x01RAW\x01";
    std::string text = j.dump();
    const std::string mark = "\"\\u0001RAW\\u0001\"";
    return text.replace(text.find(mark), mark.size(), raw);
}

json denseConfig() {
    return json::parse(R"({"seed": 3, "dataset": {"kind": "moons", "samples": 60},
        "network": {"input_dropout": {"rate": 0.1},
                    "layers": [{"units": 4, "dropout": {"id": "fc", "rate": 0.2}}]},
        "training": {"epochs": 1, "batch_size": 16},
        "inference": {"mode": "mc", "samples": 3}})");
}

json convConfig() {
    return json::parse(R"({"dataset": {"kind": "shapes", "samples": 40},
        "network": {"layers": [
            {"type": "conv2d", "filters": 2, "kernel": 3, "dropout": {"variant": "channel", "rate": 0.2}},
            {"type": "maxpool2d", "size": 2}, {"type": "flatten"}, {"units": 4}]},
        "training": {"epochs": 1}})");
}

json rnnConfig() {
    return json::parse(R"({"dataset": {"kind": "sine-forecast", "samples": 40, "length": 5},
        "network": {"layers": [{"type": "lstm", "units": 3,
            "input_dropout": {"rate": 0.1}, "recurrent_dropout": {"rate": 0.1},
            "zoneout": {"rate": 0.1}}]},
        "training": {"epochs": 1}})");
}

json csvConfig() {
    json c = denseConfig();
    c["dataset"] = {{"kind", "csv"}, {"path", "data.csv"}, {"target", "y"}};
    return c;
}

json idxConfig() {
    json c = denseConfig();
    c["dataset"] = {{"kind", "idx"}, {"images", "img.idx"}, {"labels", "lab.idx"}};
    return c;
}

// 40 rows x1,x2,y of two separable classes.
std::string goodCsv() {
    std::string s = "x1,x2,y\n";
    for (int i = 0; i < 40; ++i)
        s += std::to_string(i % 2 ? 1 + i * 0.01 : -1 - i * 0.01) + "," +
             std::to_string(0.5 - i * 0.02) + "," + std::to_string(i % 2) + "\n";
    return s;
}

// An IDX header: type byte, dimension count and the dimensions, big-endian.
std::string idxHeader(std::vector<std::uint32_t> dims, int type = 0x08, int ndims = -1) {
    std::string s{'\0', '\0', char(type), char(ndims < 0 ? dims.size() : ndims)};
    for (std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8) s += char((d >> shift) & 0xFF);
    return s;
}

std::string idxImages(std::uint32_t n, std::uint32_t h = 4, std::uint32_t w = 4) {
    std::string s = idxHeader({n, h, w});
    for (std::uint32_t i = 0; i < n * h * w; ++i) s += char((i / (h * w)) % 2 ? 200 : 20);
    return s;
}

std::string idxLabels(std::uint32_t n) {
    std::string s = idxHeader({n});
    for (std::uint32_t i = 0; i < n; ++i) s += char(i % 2);
    return s;
}

const std::string kGzipHeader{"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10};

// ---- the case's folder ----

class Folder {
  public:
    explicit Folder(const TempDir& dir) : dir_(dir) {}
    std::string path(const std::string& name) const { return dir_.file(name); }
    void write(const std::string& name, const std::string& bytes) const {
        ASSERT_TRUE(dl::test::writeFile(path(name), bytes)) << name;
    }
    void folder(const std::string& name) const { fs::create_directories(path(name)); }
    void fifo(const std::string& name) const { ASSERT_EQ(mkfifo(path(name).c_str(), 0644), 0); }
    // A character device node (the null device) inside the folder, or, where mknod is not
    // allowed, a symlink to /dev/null.
    void device(const std::string& name) const {
        if (mknod(path(name).c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
            fs::create_symlink("/dev/null", path(name));
    }
    // A Unix socket bound at the name (it stays after the socket is closed).
    void socket(const std::string& name) const {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        ASSERT_LT(path(name).size(), sizeof addr.sun_path) << path(name);
        std::strcpy(addr.sun_path, path(name).c_str());
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        ASSERT_GE(fd, 0);
        EXPECT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
        ::close(fd);
    }

  private:
    const TempDir& dir_;
};

// Every entry under the folder with its type and size, so a replaced FIFO, a written output or a
// leftover temporary file shows.
std::set<std::string> snapshot(const fs::path& root) {
    std::set<std::string> out;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::end(it); ++it) {
        const auto st = it->symlink_status();
        const char* type = fs::is_regular_file(st)     ? "file"
                           : fs::is_directory(st)      ? "dir"
                           : fs::is_symlink(st)        ? "symlink"
                           : fs::is_fifo(st)           ? "fifo"
                           : fs::is_character_file(st) ? "chardev"
                           : fs::is_socket(st)         ? "socket"
                                                       : "other";
        std::string e = fs::relative(it->path(), root).string() + " (" + type;
        if (fs::is_regular_file(st)) e += ", " + std::to_string(fs::file_size(it->path())) + " B";
        out.insert(e + ")");
    }
    return out;
}

// ---- the shared runs: trained once, mutated by the RUN.json cases ----

struct SharedRuns {
    TempDir dir;
    json moons;  // the dense config on moons: classification, no standardiser
    json csv;    // the dense config on data.csv: a standardiser of two columns
};

const SharedRuns& shared() {
    static SharedRuns* runs = [] {
        auto* s = new SharedRuns;
        Folder f(s->dir);
        f.write("data.csv", goodCsv());
        f.write("moons.json", denseConfig().dump());
        f.write("csv.json", csvConfig().dump());
        for (const char* name : {"moons", "csv"}) {
            const std::string n = name;
            CliResult r = runCli({"train", "--config", f.path(n + ".json"), "--quiet", "--out",
                                  f.path(n + "-run.json")},
                                 kTimeout);
            if (!r.exited || r.code != 0)
                ADD_FAILURE() << "the shared " << n << " run did not train: " << describe(r);
        }
        s->moons = dl::test::readJson(f.path("moons-run.json"));
        s->csv = dl::test::readJson(f.path("csv-run.json"));
        return s;
    }();
    return *runs;
}

// ---- the table ----

struct Case {
    std::string name;
    std::vector<std::string> args;  // "@x" is the file x of the case's folder, "@" the folder
    std::function<void(const Folder&)> setup;  // after the kit (see run below)
    std::string phrase;  // the message must contain it ("@": the case's folder)
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

using Setup = std::function<void(const Folder&)>;
using Args = std::vector<std::string>;

const Args kTrain = {"train", "--config", "@c.json", "--quiet", "--out", "@out.json"};
const Args kPredict = {"predict", "--run", "@run.json", "--input", "@in.csv", "--out", "@out.csv"};
const Args kCurve = {"mc-curve", "--run", "@run.json", "--max-samples", "3", "--out", "@out.csv"};
const Args kMasks = {"masks", "--config", "@c.json", "--out", "@out.json"};
const Args kSweep = {"sweep", "--config", "@c.json", "--site",  "fc",    "--rates",
                     "0.1",   "--epochs", "1",       "--quiet", "--out", "@out.csv"};

Args plus(Args a, const Args& more) {
    a.insert(a.end(), more.begin(), more.end());
    return a;
}

// Writes one file of the case.
Setup file(const std::string& name, std::string bytes) {
    return [name, bytes = std::move(bytes)](const Folder& f) { f.write(name, bytes); };
}

Setup both(Setup a, Setup b) {
    return [a, b](const Folder& f) {
        a(f);
        b(f);
    };
}

// An experiment file: `base` with the value at `pointer` replaced by raw JSON text.
Case config(std::string name, const json& base, const std::string& pointer, const std::string& raw,
            std::string phrase, Args args = kTrain) {
    return {std::move(name), std::move(args), file("c.json", withRaw(base, pointer, raw)),
            std::move(phrase)};
}

Case configText(std::string name, std::string text, std::string phrase) {
    return {std::move(name), kTrain, file("c.json", std::move(text)), std::move(phrase)};
}

Case csvData(std::string name, std::string csv, std::string phrase) {
    return {std::move(name), kTrain,
            both(file("c.json", csvConfig().dump()), file("data.csv", std::move(csv))),
            std::move(phrase)};
}

Case idxData(std::string name, std::string images, std::string labels, std::string phrase) {
    return {std::move(name), kTrain,
            both(file("c.json", idxConfig().dump()),
                 both(file("img.idx", std::move(images)), file("lab.idx", std::move(labels)))),
            std::move(phrase)};
}

// A RUN.json derived from a shared run: the value at `pointer` replaced by raw JSON text.
enum class From { Moons, Csv };
Case run(std::string name, From from, const std::string& pointer, const std::string& raw,
         std::string phrase, Args args = kPredict) {
    return {std::move(name), std::move(args),
            [from, pointer, raw](const Folder& f) {
                const json& r = from == From::Moons ? shared().moons : shared().csv;
                f.write("run.json", pointer.empty() ? raw : withRaw(r, pointer, raw));
            },
            std::move(phrase)};
}

Case runText(std::string name, std::string text, std::string phrase, Args args = kPredict) {
    return {std::move(name), std::move(args), file("run.json", std::move(text)), std::move(phrase)};
}

Case input(std::string name, std::string csv, std::string phrase, From from = From::Moons) {
    Case c = run(std::move(name), from, "/format", q("dropoutlab-run/1"), std::move(phrase));
    c.setup = both(c.setup, file("in.csv", std::move(csv)));
    return c;
}

Case flag(std::string name, Args args, std::string phrase) {
    return {std::move(name), std::move(args), nullptr, std::move(phrase)};
}

Case withSetup(Case c, Setup extra) {
    c.setup = c.setup ? both(c.setup, extra) : extra;
    return c;
}

// ---- the cases, by area ----

void configSyntax(std::vector<Case>& cs) {
    const std::string good = denseConfig().dump();
    cs.push_back(configText("json_empty_file", "", "c.json"));
    cs.push_back(configText("json_only_whitespace", " \n\t\n", "c.json"));
    cs.push_back(configText("json_truncated", good.substr(0, good.size() / 2), "c.json"));
    cs.push_back(configText("json_trailing_garbage", good + " x", "c.json"));
    cs.push_back(configText("json_comment", "// a comment\n" + good, "c.json"));
    cs.push_back(configText("json_top_level_array", "[]", "c.json"));
    cs.push_back(configText("json_top_level_string", "\"moons\"", "c.json"));
    cs.push_back(configText("json_top_level_number", "42", "c.json"));
    cs.push_back(configText("json_top_level_null", "null", "c.json"));
    cs.push_back(configText("json_nul_byte", std::string("{\"name\": \"a\0b\"}", 15), "c.json"));
    cs.push_back(configText("json_bad_utf8", "{\"name\": \"\xff\xfe\"}", "c.json"));
    cs.push_back(configText("json_binary_garbage",
                            std::string("\x7f"
                                        "ELF\x02\x01\x01\0\0",
                                        9),
                            "c.json"));
    cs.push_back(configText("json_whole_file_deep_array", deep(60000), "c.json"));
    cs.push_back(configText(
        "json_whole_file_deep_object",
        [] {
            std::string s;
            for (int i = 0; i < 60000; ++i) s += "{\"a\":";
            return s + "1" + std::string(60000, '}');
        }(),
        "c.json"));
    cs.push_back(configText("json_unclosed_string", "{\"name\": \"abc", "c.json"));
    cs.push_back(configText("json_number_1e400_top", "1e400", "c.json"));
}

void configTopLevel(std::vector<Case>& cs) {
    const json b = denseConfig();
    cs.push_back(config("top_name_deep_array", b, "/name", deep(60000), "c.json"));
    cs.push_back(config("top_name_number", b, "/name", "5", "name"));
    cs.push_back(config("top_description_array", b, "/description", "[]", "description"));
    cs.push_back(config("top_seed_deep_array", b, "/seed", deep(60000), "c.json"));
    cs.push_back(config("top_seed_negative", b, "/seed", "-1", "seed"));
    cs.push_back(config("top_seed_fraction", b, "/seed", "1.5", "seed"));
    cs.push_back(config("top_seed_string", b, "/seed", q("1"), "seed"));
    cs.push_back(config("top_seed_2_pow_64", b, "/seed", "18446744073709551616", "seed"));
    cs.push_back(config("top_seed_1e400", b, "/seed", "1e400", "seed"));
    cs.push_back(config("top_seed_bool", b, "/seed", "true", "seed"));
    cs.push_back(
        config("top_seed_10MB_string", b, "/seed", q(std::string(10'000'000, '7')), "seed"));
    cs.push_back(config("top_unknown_field", b, "/nmae", q("x"), "nmae"));
    cs.push_back(config("top_unknown_field_ansi", b, "/\x1b[31mred\x1b[0m", "1", "unknown field"));
    cs.push_back(config("top_unknown_field_nul", b, std::string("/a\0b", 4), "1", "unknown field"));
    cs.push_back(config("top_unknown_field_newline", b, "/a\nb", "1", "unknown field"));
    cs.push_back(config("top_unknown_field_100k_name", b, "/" + std::string(100000, 'k'), "1",
                        "unknown field"));
    cs.push_back(config("top_unknown_field_deep_value", b, "/extra", deep(60000), "c.json"));
    cs.push_back(config("top_dataset_missing", b, "/dataset", kDrop, "dataset"));
    cs.push_back(config("top_network_missing", b, "/network", kDrop, "network"));
    cs.push_back(config("top_dataset_array", b, "/dataset", "[]", "dataset"));
    cs.push_back(config("top_network_string", b, "/network", q("x"), "network"));
    cs.push_back(config("top_loss_unknown", b, "/loss", q("hinge"), "loss"));
    cs.push_back(config("top_loss_number", b, "/loss", "3", "loss"));
    cs.push_back(config("top_loss_mse_on_classes", b, "/loss", q("mse"), "loss"));
    json regression = b;
    regression["dataset"] = {{"kind", "sine-gap"}, {"samples", 60}};
    cs.push_back(
        config("top_loss_ce_on_regression", regression, "/loss", q("cross_entropy"), "loss"));
    cs.push_back(config("top_optimizer_array", b, "/optimizer", "[]", "optimizer"));
    cs.push_back(config("top_training_number", b, "/training", "1", "training"));
    cs.push_back(config("top_inference_string", b, "/inference", q("mc"), "inference"));
}

void configDataset(std::vector<Case>& cs) {
    const json b = denseConfig();
    cs.push_back(config("data_kind_missing", b, "/dataset/kind", kDrop, "dataset.kind"));
    cs.push_back(config("data_kind_unknown", b, "/dataset/kind", q("spirals"), "dataset.kind"));
    cs.push_back(config("data_kind_number", b, "/dataset/kind", "5", "dataset.kind"));
    cs.push_back(config("data_kind_empty", b, "/dataset/kind", q(""), "dataset.kind"));
    cs.push_back(config("data_samples_deep_array", b, "/dataset/samples", deep(60000), "c.json"));
    cs.push_back(config("data_samples_zero", b, "/dataset/samples", "0", "dataset.samples"));
    cs.push_back(config("data_samples_too_few", b, "/dataset/samples", "5", "dataset.samples"));
    cs.push_back(
        config("data_samples_too_many", b, "/dataset/samples", "10000001", "dataset.samples"));
    cs.push_back(config("data_samples_negative", b, "/dataset/samples", "-1", "dataset.samples"));
    cs.push_back(config("data_samples_fraction", b, "/dataset/samples", "60.5", "dataset.samples"));
    cs.push_back(config("data_samples_string", b, "/dataset/samples", q("60"), "dataset.samples"));
    cs.push_back(config("data_samples_1e400", b, "/dataset/samples", "1e400", "dataset.samples"));
    cs.push_back(config("data_samples_2_pow_63", b, "/dataset/samples", "9223372036854775808",
                        "dataset.samples"));
    cs.push_back(config("data_noise_negative", b, "/dataset/noise", "-0.1", "dataset.noise"));
    cs.push_back(config("data_noise_too_big", b, "/dataset/noise", "11", "dataset.noise"));
    cs.push_back(config("data_noise_1e400", b, "/dataset/noise", "1e400", "dataset.noise"));
    cs.push_back(config("data_noise_string", b, "/dataset/noise", q("low"), "dataset.noise"));
    cs.push_back(config("data_arms_on_moons", b, "/dataset/arms", "2", "dataset.arms"));
    cs.push_back(config("data_path_on_moons", b, "/dataset/path", q("x.csv"), "dataset.path"));
    cs.push_back(config("data_unknown_field", b, "/dataset/foo", "1", "dataset.foo"));
    cs.push_back(config("data_split_train_zero", b, "/dataset/split", R"({"train": 0, "val": 0.2})",
                        "dataset.split"));
    cs.push_back(config("data_split_train_one", b, "/dataset/split", R"({"train": 1, "val": 0.2})",
                        "dataset.split"));
    cs.push_back(config("data_split_sum_over_one", b, "/dataset/split",
                        R"({"train": 0.6, "val": 0.5})", "dataset.split"));
    cs.push_back(config("data_split_val_negative", b, "/dataset/split",
                        R"({"train": 0.6, "val": -0.1})", "dataset.split"));
    cs.push_back(config("data_split_string", b, "/dataset/split", q("60/20"), "dataset.split"));
    cs.push_back(config("data_split_unknown_field", b, "/dataset/split", R"({"test": 0.2})",
                        "dataset.split.test"));
    cs.push_back(config("data_split_empty_val", b, "/dataset",
                        R"({"kind": "moons", "samples": 10, "split": {"train": 0.9, "val": 0.01}})",
                        "dataset"));
    cs.push_back(config("data_seed_offset_string", b, "/dataset/seed_offset", q("1"),
                        "dataset.seed_offset"));
    const auto kind = [&](const std::string& name, const std::string& dataset,
                          const std::string& phrase) {
        cs.push_back(config(name, b, "/dataset", dataset, phrase));
    };
    kind("data_spiral_arms_one", R"({"kind": "spiral", "arms": 1})", "dataset.arms");
    kind("data_spiral_arms_eleven", R"({"kind": "spiral", "arms": 11})", "dataset.arms");
    kind("data_blobs_classes_one", R"({"kind": "blobs", "classes": 1})", "dataset.classes");
    kind("data_blobs_classes_eleven", R"({"kind": "blobs", "classes": 11})", "dataset.classes");
    kind("data_sine_gap_range_reversed", R"({"kind": "sine-gap", "range": [4, -4]})",
         "dataset.range");
    kind("data_sine_gap_range_one_value", R"({"kind": "sine-gap", "range": [1]})", "dataset.range");
    kind("data_sine_gap_range_string_item", R"({"kind": "sine-gap", "range": [1, "a"]})",
         "dataset.range");
    kind("data_sine_gap_gap_outside", R"({"kind": "sine-gap", "gap": [5, 6]})", "dataset.gap");
    kind("data_sine_gap_gap_is_range", R"({"kind": "sine-gap", "gap": [-4, 4]})", "dataset.gap");
    kind("data_sine_gap_range_1e400", R"({"kind": "sine-gap", "range": [-1e400, 1e400]})",
         "dataset.range");
    kind("data_forecast_length_one", R"({"kind": "sine-forecast", "length": 1})", "dataset.length");
    kind("data_forecast_length_too_long", R"({"kind": "sine-forecast", "length": 10001})",
         "dataset.length");
    kind("data_forecast_huge", R"({"kind": "sine-forecast", "samples": 10000000, "length": 10000})",
         "dataset");
    kind("data_w4_sines_noise", R"({"kind": "w4-sines", "noise": 0.1})", "dataset.noise");
    kind("data_csv_path_missing", R"({"kind": "csv", "target": "y"})", "dataset.path");
    kind("data_csv_target_missing", R"({"kind": "csv", "path": "data.csv"})", "dataset.target");
    kind("data_csv_no_such_file", R"({"kind": "csv", "path": "nope.csv", "target": "y"})",
         "nope.csv");
    kind("data_csv_path_is_folder", R"({"kind": "csv", "path": ".", "target": "y"})", "@");
    kind("data_csv_task_unknown",
         R"({"kind": "csv", "path": "data.csv", "target": "y", "task": "clustering"})",
         "dataset.task");
    kind("data_csv_standardize_string",
         R"({"kind": "csv", "path": "data.csv", "target": "y", "standardize": "yes"})",
         "dataset.standardize");
    kind("data_csv_target_not_a_column",
         R"({"kind": "csv", "path": "data.csv", "target": "label"})", "label");
    kind("data_csv_samples", R"({"kind": "csv", "path": "data.csv", "target": "y", "samples": 20})",
         "dataset.samples");
    kind("data_idx_images_missing", R"({"kind": "idx", "labels": "lab.idx"})", "dataset.images");
    kind("data_idx_no_such_file", R"({"kind": "idx", "images": "nope.idx", "labels": "lab.idx"})",
         "nope.idx");
    kind("data_idx_images_folder", R"({"kind": "idx", "images": ".", "labels": "lab.idx"})", "@");
    kind("data_idx_labels_folder", R"({"kind": "idx", "images": "img.idx", "labels": "."})", "@");
    kind("data_idx_samples_more_than_file",
         R"({"kind": "idx", "images": "img.idx", "labels": "lab.idx", "samples": 100})", "img.idx");
}

void configNetwork(std::vector<Case>& cs) {
    const json b = denseConfig();
    const std::string l0 = "/network/layers/0";
    cs.push_back(config("net_layers_missing", b, "/network/layers", kDrop, "network.layers"));
    cs.push_back(config("net_layers_object", b, "/network/layers", "{}", "network.layers"));
    cs.push_back(
        config("net_layers_item_number", b, "/network/layers", "[5]", "network.layers[0]"));
    cs.push_back(
        config("net_layers_item_array", b, "/network/layers", "[[]]", "network.layers[0]"));
    cs.push_back(config("net_unknown_field", b, "/network/dropout", "{}", "network.dropout"));
    cs.push_back(config("net_output_init_unknown", b, "/network/output", R"({"init": "zeros"})",
                        "network.output.init"));
    cs.push_back(config("net_output_unknown_field", b, "/network/output", R"({"units": 3})",
                        "network.output.units"));
    cs.push_back(config("net_output_number", b, "/network/output", "5", "network.output"));
    cs.push_back(config("dense_units_missing", b, l0 + "/units", kDrop, "units"));
    cs.push_back(config("dense_units_zero", b, l0 + "/units", "0", "units"));
    cs.push_back(config("dense_units_negative", b, l0 + "/units", "-4", "units"));
    cs.push_back(config("dense_units_decimal_point", b, l0 + "/units", "64.0", "units"));
    cs.push_back(config("dense_units_string", b, l0 + "/units", q("64"), "units"));
    cs.push_back(config("dense_units_1e400", b, l0 + "/units", "1e400", "units"));
    cs.push_back(config("dense_units_2_pow_31", b, l0 + "/units", "2147483648", "units"));
    cs.push_back(config("dense_units_one_billion", b, l0 + "/units", "1000000000", "units"));
    cs.push_back(config("dense_two_100k_layers", b, "/network/layers",
                        R"([{"units": 100000}, {"units": 100000}])", "network.layers"));
    cs.push_back(config("dense_activation_case", b, l0 + "/activation", q("ReLU"), "activation"));
    cs.push_back(
        config("dense_activation_softmax", b, l0 + "/activation", q("softmax"), "activation"));
    cs.push_back(config("dense_init_unknown", b, l0 + "/init", q("glorot"), "init"));
    cs.push_back(config("dense_type_case", b, l0 + "/type", q("Dense"), "type"));
    cs.push_back(config("dense_type_unknown", b, l0 + "/type", q("conv3d"), "type"));
    cs.push_back(config("dense_type_number", b, l0 + "/type", "1", "type"));
    cs.push_back(config("dense_unknown_field", b, l0 + "/unit", "4", "network.layers[0].unit"));
    cs.push_back(config("dense_dropout_string", b, l0 + "/dropout", q("0.5"), "dropout"));
}

void configSites(std::vector<Case>& cs) {
    const json b = denseConfig();
    const std::string d = "/network/layers/0/dropout";
    const auto site = [&](const std::string& name, const std::string& value,
                          const std::string& phrase) {
        cs.push_back(config(name, b, d, value, phrase));
    };
    site("site_rate_one", R"({"rate": 1})", "rate");
    site("site_rate_negative", R"({"rate": -0.1})", "rate");
    site("site_rate_just_over_one", R"({"rate": 1.0000001})", "rate");
    site("site_rate_1e400", R"({"rate": 1e400})", "rate");
    site("site_rate_minus_1e400", R"({"rate": -1e400})", "rate");
    site("site_rate_string", R"({"rate": "0.5"})", "rate");
    site("site_rate_deep_array", R"({"rate": )" + deep(60000) + "}", "c.json");
    site("site_variant_unknown", R"({"variant": "alpha"})", "variant");
    site("site_variant_weight", R"({"variant": "weight"})", "variant");
    site("site_variant_channel_on_dense", R"({"variant": "channel"})", "variant");
    site("site_variant_block_on_dense", R"({"variant": "block"})", "variant");
    site("site_variant_zoneout_on_dense", R"({"variant": "zoneout"})", "variant");
    site("site_variant_variational_on_dense", R"({"variant": "variational"})", "variant");
    site("site_scaling_unknown", R"({"scaling": "none"})", "scaling");
    site("site_block_size_on_element", R"({"block_size": 3})", "block_size");
    site("site_id_empty", R"({"id": ""})", "id");
    site("site_id_number", R"({"id": 5})", "id");
    site("site_unknown_field", R"({"dropuot": 0.5})", "dropuot");
    site("site_concrete_temperature_zero", R"({"variant": "concrete", "temperature": 0})",
         "temperature");
    site("site_concrete_temperature_negative", R"({"variant": "concrete", "temperature": -1})",
         "temperature");
    site("site_concrete_length_scale_zero", R"({"variant": "concrete", "length_scale": 0})",
         "length_scale");
    site("site_concrete_weight_reg_negative",
         R"({"variant": "concrete", "weight_regularizer": -1})", "weight_regularizer");
    site("site_concrete_dropout_reg_1e400",
         R"({"variant": "concrete", "dropout_regularizer": 1e400})", "dropout_regularizer");
    site("site_concrete_rate_zero", R"({"variant": "concrete", "rate": 0})", "rate");
    site("site_concrete_with_schedule", R"({"variant": "concrete", "schedule": {"kind": "ramp"}})",
         "schedule");
    site("site_temperature_on_element", R"({"temperature": 0.1})", "temperature");
    cs.push_back(config("site_ids_duplicate", b, "/network/input_dropout/id", q("fc"), "fc"));
    cs.push_back(config("site_input_rate_one", b, "/network/input_dropout/rate", "1",
                        "network.input_dropout.rate"));
    cs.push_back(
        config("site_input_array", b, "/network/input_dropout", "[]", "network.input_dropout"));
    cs.push_back(config("site_input_channel_on_points", b, "/network/input_dropout/variant",
                        q("channel"), "input"));
    cs.push_back(config("site_input_block_on_points", b, "/network/input_dropout/variant",
                        q("block"), "input"));
    const auto sched = [&](const std::string& name, const std::string& value,
                           const std::string& phrase) {
        cs.push_back(config(name, b, d + "/schedule", value, phrase));
    };
    sched("sched_string", q("ramp"), "schedule");
    sched("sched_kind_unknown", R"({"kind": "linear"})", "schedule.kind");
    sched("sched_unit_unknown", R"({"kind": "ramp", "unit": "minute"})", "schedule.unit");
    sched("sched_ramp_length_zero", R"({"kind": "ramp", "length": 0})", "schedule.length");
    sched("sched_ramp_start_one", R"({"kind": "ramp", "start": 1})", "schedule.start");
    sched("sched_ramp_gamma", R"({"kind": "ramp", "gamma": 0.1})", "schedule.gamma");
    sched("sched_curriculum_gamma_zero", R"({"kind": "curriculum", "gamma": 0})", "schedule.gamma");
    sched("sched_curriculum_gamma_1e400", R"({"kind": "curriculum", "gamma": 1e400})",
          "schedule.gamma");
    sched("sched_anneal_decay_negative", R"({"kind": "anneal", "decay": -1})", "schedule.decay");
    sched("sched_anneal_floor_one", R"({"kind": "anneal", "floor": 1})", "schedule.floor");
    sched("sched_step_factor_over_one", R"({"kind": "step", "factor": 1.5})", "schedule.factor");
    sched("sched_step_every_zero", R"({"kind": "step", "every": 0})", "schedule.every");
    sched("sched_cosine_length_negative", R"({"kind": "cosine", "length": -1})", "schedule.length");
    sched("sched_adaptive_min_over_max", R"({"kind": "adaptive", "min": 0.6, "max": 0.2})",
          "schedule");
    sched("sched_adaptive_every_zero", R"({"kind": "adaptive", "adapt_every": 0})",
          "schedule.adapt_every");
    sched("sched_adaptive_every_fraction", R"({"kind": "adaptive", "adapt_every": 1.5})",
          "schedule.adapt_every");
    sched("sched_adaptive_tolerance_negative", R"({"kind": "adaptive", "tolerance": -1})",
          "schedule.tolerance");
    sched("sched_adaptive_up_one", R"({"kind": "adaptive", "up": 1})", "schedule.up");
    sched("sched_unknown_field", R"({"kind": "constant", "start": 0})", "schedule.start");
}

void configSpatialAndRecurrent(std::vector<Case>& cs) {
    const json conv = convConfig();
    const std::string c0 = "/network/layers/0";
    const auto cv = [&](const std::string& name, const std::string& pointer,
                        const std::string& value, const std::string& phrase) {
        cs.push_back(config(name, conv, pointer, value, phrase));
    };
    cv("conv_filters_zero", c0 + "/filters", "0", "filters");
    cv("conv_filters_4097", c0 + "/filters", "4097", "filters");
    cv("conv_kernel_zero", c0 + "/kernel", "0", "kernel");
    cv("conv_kernel_65", c0 + "/kernel", "65", "kernel");
    cv("conv_kernel_bigger_than_image", c0 + "/kernel", "17", "network.layers[0]");
    cv("conv_stride_zero", c0 + "/stride", "0", "stride");
    cv("conv_padding_over_kernel", c0 + "/padding", "4", "padding");
    cv("conv_padding_negative", c0 + "/padding", "-1", "padding");
    cv("conv_units_field", c0 + "/units", "4", "units");
    cv("conv_dropout_variational", c0 + "/dropout/variant", q("variational"), "variant");
    cv("conv_dropout_concrete", c0 + "/dropout/variant", q("concrete"), "variant");
    cv("conv_block_classic", c0 + "/dropout", R"({"variant": "block", "scaling": "classic"})",
       "scaling");
    cv("conv_block_size_zero", c0 + "/dropout", R"({"variant": "block", "block_size": 0})",
       "block_size");
    cv("pool_size_zero", "/network/layers/1/size", "0", "size");
    cv("pool_size_65", "/network/layers/1/size", "65", "size");
    cv("pool_window_bigger_than_maps", "/network/layers/1/size", "32", "network.layers[1]");
    cv("pool_with_dropout", "/network/layers/1/dropout", R"({"rate": 0.1})", "dropout");
    cv("flatten_with_field", "/network/layers/2/size", "2", "size");
    cv("globalavgpool_with_size", "/network/layers/2", R"({"type": "globalavgpool", "size": 2})",
       "size");
    cv("conv_after_dense", "/network/layers", R"([{"units": 4}, {"type": "conv2d"}])",
       "network.layers[1]");
    cv("conv_4096_filters_then_200k_units", "/network/layers",
       R"([{"type": "conv2d", "filters": 4096, "kernel": 1}, {"units": 200000}])",
       "network.layers");
    cs.push_back(config("conv_on_points", denseConfig(), "/network/layers",
                        R"([{"type": "conv2d"}])", "network.layers[0]"));
    cs.push_back(config("lstm_on_points", denseConfig(), "/network/layers",
                        R"([{"type": "lstm", "units": 3}])", "network.layers[0]"));

    const json rnn = rnnConfig();
    const auto rn = [&](const std::string& name, const std::string& pointer,
                        const std::string& value, const std::string& phrase) {
        cs.push_back(config(name, rnn, pointer, value, phrase));
    };
    rn("lstm_units_zero", c0 + "/units", "0", "units");
    rn("lstm_units_4097", c0 + "/units", "4097", "units");
    rn("lstm_return_sequences_string", c0 + "/return_sequences", q("yes"), "return_sequences");
    rn("lstm_input_dropout_element", c0 + "/input_dropout/variant", q("element"),
       "input_dropout.variant");
    rn("lstm_recurrent_untied_string", c0 + "/recurrent_dropout/untied", q("no"), "untied");
    rn("lstm_zoneout_rate_missing", c0 + "/zoneout", "{}", "zoneout");
    rn("lstm_zoneout_variant", c0 + "/zoneout/variant", q("naive"), "zoneout");
    rn("lstm_zoneout_rate_one", c0 + "/zoneout/rate", "1", "zoneout");
    rn("gru_variational_without_sequences", c0,
       R"({"type": "gru", "units": 3, "dropout": {"variant": "variational"}})", "variant");
    rn("lstm_after_dense", "/network/layers", R"([{"units": 4}, {"type": "lstm", "units": 3}])",
       "network.layers[1]");
    rn("lstm_on_images", "/dataset", R"({"kind": "shapes", "samples": 40})", "network.layers[0]");
}

void configSections(std::vector<Case>& cs) {
    const json b = denseConfig();
    const auto f = [&](const std::string& name, const std::string& pointer,
                       const std::string& value, const std::string& phrase) {
        cs.push_back(config(name, b, pointer, value, phrase));
    };
    f("opt_kind_unknown", "/optimizer/kind", q("rmsprop"), "optimizer.kind");
    f("opt_lr_zero", "/optimizer/lr", "0", "optimizer.lr");
    f("opt_lr_negative", "/optimizer/lr", "-1", "optimizer.lr");
    f("opt_lr_1e400", "/optimizer/lr", "1e400", "optimizer.lr");
    f("opt_momentum_one", "/optimizer/momentum", "1", "optimizer.momentum");
    f("opt_beta1_one", "/optimizer/beta1", "1", "optimizer.beta1");
    f("opt_beta2_negative", "/optimizer/beta2", "-0.1", "optimizer.beta2");
    f("opt_eps_zero", "/optimizer/eps", "0", "optimizer.eps");
    f("opt_weight_decay_negative", "/optimizer/weight_decay", "-1", "optimizer.weight_decay");
    f("opt_max_norm_negative", "/optimizer/max_norm", "-1", "optimizer.max_norm");
    f("opt_unknown_field", "/optimizer/nesterov", "true", "optimizer.nesterov");
    f("train_epochs_zero", "/training/epochs", "0", "training.epochs");
    f("train_epochs_negative", "/training/epochs", "-1", "training.epochs");
    f("train_epochs_fraction", "/training/epochs", "1.5", "training.epochs");
    f("train_epochs_string", "/training/epochs", q("10"), "training.epochs");
    f("train_epochs_2_pow_31", "/training/epochs", "2147483648", "training.epochs");
    f("train_batch_size_zero", "/training/batch_size", "0", "training.batch_size");
    f("train_unknown_field", "/training/lr", "0.1", "training.lr");
    f("inf_mode_unknown", "/inference/mode", q("bayes"), "inference.mode");
    f("inf_samples_zero", "/inference/samples", "0", "inference.samples");
    f("inf_sharing_unknown", "/inference/sharing", q("global"), "inference.sharing");
    f("inf_length_scale_negative", "/inference/length_scale", "-1", "inference.length_scale");
    f("inf_lambda_zero", "/inference/lambda", "0", "inference.lambda");
    f("inf_unknown_field", "/inference/passes", "10", "inference.passes");
    // The same loader behind the other subcommands that take --config.
    cs.push_back(
        config("masks_config_rate_one", b, "/network/layers/0/dropout/rate", "1", "rate", kMasks));
    cs.push_back(config("masks_config_deep_name", b, "/name", deep(60000), "c.json", kMasks));
    cs.push_back(config("masks_config_units_one_billion", b, "/network/layers/0/units",
                        "1000000000", "units", kMasks));
    cs.push_back(config("sweep_config_rate_1e400", b, "/network/layers/0/dropout/rate", "1e400",
                        "rate", kSweep));
    cs.push_back(config("sweep_config_deep_seed", b, "/seed", deep(60000), "c.json", kSweep));
}

void csvCases(std::vector<Case>& cs) {
    const std::string h = "x1,x2,y\n";
    std::string rows;  // 20 good rows after the header
    for (int i = 0; i < 20; ++i)
        rows += std::to_string(i % 2 ? 1.0 : -1.0) + ",0.5," + std::to_string(i % 2) + "\n";
    const auto bad = [&](const std::string& name, const std::string& line,
                         const std::string& phrase) {
        cs.push_back(csvData(name, h + rows + line + "\n" + rows, phrase));
    };
    cs.push_back(csvData("csv_empty", "", "data.csv"));
    cs.push_back(csvData("csv_header_only", h, "data.csv"));
    cs.push_back(csvData("csv_blank_lines_only", "\n\n  \n", "data.csv"));
    cs.push_back(csvData("csv_binary_garbage", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
                         "data.csv"));
    cs.push_back(csvData("csv_header_unclosed_quote", "\"x1,x2,y\n" + rows, "data.csv"));
    cs.push_back(csvData("csv_header_duplicate", "x1,x1,y\n" + rows, "data.csv"));
    cs.push_back(csvData("csv_header_empty_name", "x1,,y\n" + rows, "data.csv"));
    cs.push_back(
        csvData("csv_header_ansi_no_target", "\x1b[2J\x1b[31mx1,x2,z\n" + rows, "data.csv"));
    cs.push_back(
        csvData("csv_header_nul_no_target", std::string("x\0a,x2,z\n", 9) + rows, "data.csv"));
    cs.push_back(csvData("csv_no_target_column", "x1,x2,label\n" + rows, "data.csv"));
    cs.push_back(
        csvData("csv_only_target_column", "y\n0\n1\n0\n1\n0\n1\n0\n1\n0\n1\n", "data.csv"));
    cs.push_back(csvData(
        "csv_one_class",
        [&] {
            std::string s = h;
            for (int i = 0; i < 40; ++i) s += std::to_string(i) + ",1,0\n";
            return s;
        }(),
        "data.csv"));
    cs.push_back(csvData(
        "csv_too_many_classes",
        [&] {
            std::string s = h;
            for (int i = 0; i < 1200; ++i)
                s += std::to_string(i) + ",1," + std::to_string(i) + "\n";
            return s;
        }(),
        "data.csv"));
    bad("csv_row_extra_cell", "1,2,0,9", "data.csv");
    bad("csv_row_missing_cell", "1,0", "data.csv");
    bad("csv_row_non_numeric", "abc,2,0", "data.csv");
    bad("csv_row_NA", "NA,2,0", "data.csv");
    bad("csv_row_empty_cell", ",2,0", "data.csv");
    bad("csv_row_inf", "inf,2,0", "data.csv");
    bad("csv_row_minus_inf", "-inf,2,0", "data.csv");
    bad("csv_row_nan", "nan,2,0", "data.csv");
    bad("csv_row_1e39_float_overflow", "1e39,2,0", "data.csv");
    bad("csv_row_minus_1e39", "-1e39,2,0", "data.csv");
    bad("csv_row_1e308", "1e308,2,0", "data.csv");
    bad("csv_row_1e400", "1e400,2,0", "data.csv");
    bad("csv_row_unclosed_quote", "\"1,2,0", "data.csv");
    bad("csv_row_nul_byte", std::string("1\0,2,0", 6), "data.csv");
    bad("csv_row_ansi_escape", "\x1b[31m1,2,0", "data.csv");
    bad("csv_row_1MB_cell", std::string(1 << 20, '9') + "x,2,0", "data.csv");
    cs.push_back(csvData("csv_header_1MB_name_no_target",
                         std::string(1 << 20, 'h') + ",x2,z\n" + rows, "data.csv"));
    cs.push_back(csvData(
        "csv_header_10000_columns_no_target",
        [&] {
            std::string s = "c0";
            for (int i = 1; i < 10000; ++i) s += ",c" + std::to_string(i);
            return s + "\n" + rows;
        }(),
        "data.csv"));
    bad("csv_row_1MB_zeros_then_1e39", std::string(1 << 20, '0') + "1e39,2,0", "data.csv");
    cs.push_back(withSetup(csvData("csv_regression_text_target", h + "1,2,a\n" + rows, "data.csv"),
                           file("c.json", withRaw(csvConfig(), "/dataset/task", q("regression")))));
}

void idxCases(std::vector<Case>& cs) {
    const std::string img = idxImages(40), lab = idxLabels(40);
    cs.push_back(idxData("idx_images_empty", "", lab, "img.idx"));
    cs.push_back(idxData("idx_images_three_bytes", std::string("\0\0\x08", 3), lab, "img.idx"));
    cs.push_back(
        idxData("idx_images_header_cut", idxHeader({40, 4, 4}).substr(0, 9), lab, "img.idx"));
    cs.push_back(idxData("idx_images_text", "label,pixels\n1,2\n", lab, "img.idx"));
    cs.push_back(idxData("idx_images_float_type",
                         idxHeader({40, 4, 4}, 0x0D) + std::string(2560, '\0'), lab, "img.idx"));
    cs.push_back(idxData("idx_images_zero_dims", idxHeader({}, 0x08, 0), lab, "img.idx"));
    cs.push_back(idxData("idx_images_five_dims", idxHeader({40, 1, 1, 4, 4}), lab, "img.idx"));
    cs.push_back(idxData("idx_images_two_dims", idxHeader({40, 16}) + std::string(640, '\x10'), lab,
                         "img.idx"));
    cs.push_back(idxData("idx_images_truncated", img.substr(0, img.size() - 100), lab, "img.idx"));
    cs.push_back(idxData("idx_images_extra_bytes", img + "xyz", lab, "img.idx"));
    cs.push_back(
        idxData("idx_images_dim_over_int", idxHeader({0x80000000u, 4, 4}), lab, "img.idx"));
    cs.push_back(
        idxData("idx_images_2_pow_31_in_16_bytes", idxHeader({1, 1, 2147483647}), lab, "img.idx"));
    cs.push_back(idxData("idx_images_1GB_declared_in_4KB",
                         idxHeader({0x01040064, 8, 8}) + std::string(4080, '\0'), lab, "img.idx"));
    cs.push_back(idxData("idx_images_zero_width", idxHeader({40, 0, 8}), lab, "img.idx"));
    cs.push_back(idxData("idx_images_100x0x8", idxHeader({100, 0, 8}), idxLabels(100), "img.idx"));
    cs.push_back(idxData("idx_images_none", idxHeader({0, 8, 8}), idxLabels(0), "img.idx"));
    cs.push_back(
        idxData("idx_images_hw_overflow", idxHeader({0, 65536, 65536}), idxLabels(0), "img.idx"));
    cs.push_back(idxData("idx_images_hw_overflow_one", idxHeader({1, 65536, 65536}), idxLabels(1),
                         "img.idx"));
    cs.push_back(idxData("idx_images_gzip_header_only", kGzipHeader, lab, "img.idx"));
    cs.push_back(
        idxData("idx_images_gzip_garbage", kGzipHeader + std::string(200, '\xA5'), lab, "img.idx"));
    cs.push_back(idxData("idx_labels_empty", img, "", "lab.idx"));
    cs.push_back(idxData("idx_labels_count_mismatch", img, idxLabels(39), "lab.idx"));
    cs.push_back(idxData("idx_labels_are_images", img, img, "lab.idx"));
    cs.push_back(idxData("idx_labels_truncated", img, lab.substr(0, lab.size() - 5), "lab.idx"));
    cs.push_back(
        idxData("idx_labels_wrong_magic", img, "\x01\x02\x03\x04" + lab.substr(4), "lab.idx"));
    cs.push_back(idxData("idx_labels_gzip_garbage", img, kGzipHeader + "garbage!", "lab.idx"));
}

// A RUN.json made from a shared run by `make` (which gets the parsed run).
Case runMade(std::string name, From from, std::function<std::string(const json&)> make,
             std::string phrase, Args args = kPredict) {
    return {std::move(name), std::move(args),
            [from, make](const Folder& f) {
                f.write("run.json", make(from == From::Moons ? shared().moons : shared().csv));
            },
            std::move(phrase)};
}

void runCases(std::vector<Case>& cs) {
    const auto m = [&](const std::string& name, const std::string& pointer,
                       const std::string& value, const std::string& phrase) {
        cs.push_back(run(name, From::Moons, pointer, value, phrase));
    };
    cs.push_back(runText("run_empty", "", "run.json"));
    cs.push_back(runMade(
        "run_truncated", From::Moons,
        [](const json& r) { return r.dump().substr(0, r.dump().size() / 2); }, "run.json"));
    cs.push_back(runText("run_not_json", "hello", "run.json"));
    cs.push_back(runText("run_top_level_array", "[]", "run.json"));
    cs.push_back(runText("run_whole_file_deep", deep(60000), "run.json"));
    cs.push_back(runText("run_nul_bytes", std::string("{\"format\"\0\0", 11), "run.json"));
    m("run_format_missing", "/format", kDrop, "run.json");
    m("run_format_newer", "/format", q("dropoutlab-run/2"), "run.json");
    m("run_format_number", "/format", "1", "run.json");
    m("run_config_missing", "/config", kDrop, "config");
    m("run_config_string", "/config", q("spiral"), "run.json");
    m("run_config_units_zero", "/config/network/layers/0/units", "0", "units");
    m("run_config_units_changed", "/config/network/layers/0/units", "5", "weights");
    m("run_config_deep_name", "/config/name", deep(60000), "run.json");
    m("run_config_rate_1e400", "/config/network/layers/0/dropout/rate", "1e400", "rate");
    m("run_config_unknown_field", "/config/extra", "1", "extra");
    m("run_model_missing", "/model", kDrop, "model");
    m("run_model_array", "/model", "[]", "model");
    m("run_input_shape_missing", "/model/input_shape", kDrop, "run.json");
    m("run_input_shape_negative", "/model/input_shape", "[-1]", "input_shape");
    m("run_input_shape_empty", "/model/input_shape", "[]", "input_shape");
    m("run_input_shape_zero", "/model/input_shape", "[0]", "input_shape");
    m("run_input_shape_string", "/model/input_shape", q("2"), "input_shape");
    m("run_input_shape_mismatch", "/model/input_shape", "[3]", "run.json");
    m("run_input_shape_overflow", "/model/input_shape", "[1000000, 1000000]", "run.json");
    m("run_input_shape_1e400", "/model/input_shape", "[1e400]", "input_shape");
    m("run_outputs_negative", "/model/outputs", "-1", "outputs");
    m("run_outputs_zero", "/model/outputs", "0", "outputs");
    m("run_outputs_one_billion", "/model/outputs", "1000000000", "outputs");
    m("run_outputs_1e9_float", "/model/outputs", "1e9", "outputs");
    m("run_outputs_mismatch", "/model/outputs", "3", "run.json");
    m("run_outputs_string", "/model/outputs", q("2"), "outputs");
    m("run_classification_string", "/model/classification", q("yes"), "run.json");
    m("run_classification_flipped", "/model/classification", "false", "run.json");
    m("run_class_names_number", "/model/class_names", "5", "class_names");
    m("run_class_names_too_many", "/model/class_names", R"(["a", "b", "c"])", "class_names");
    m("run_train_size_string", "/model/train_size", q("36"), "train_size");
    m("run_weights_missing", "/weights", kDrop, "weights");
    m("run_weights_empty", "/weights", "[]", "weights");
    m("run_weights_object", "/weights", "{}", "weights");
    m("run_weights_item_number", "/weights/0", "7", "weights");
    m("run_weights_data_short", "/weights/0/data", "[0.5]", "weights");
    m("run_weights_data_string", "/weights/0/data/0", q("0.5"), "weights");
    m("run_weights_data_null", "/weights/0/data/0", "null", "weights");
    m("run_weights_data_1e39", "/weights/0/data/0", "1e39", "weights");
    m("run_weights_data_1e400", "/weights/0/data/0", "1e400", "weights");
    m("run_weights_data_deep", "/weights/0/data", deep(60000), "run.json");
    m("run_weights_layer_string", "/weights/0/layer", q("1"), "weights");
    m("run_weights_name_wrong", "/weights/0/name", q("X"), "weights");
    cs.push_back(runMade(
        "run_weights_extra", From::Moons,
        [](const json& r) {
            json j = r;
            j["weights"].push_back(j["weights"][0]);
            return j.dump();
        },
        "weights"));
    const auto s = [&](const std::string& name, const std::string& pointer,
                       const std::string& value, const std::string& phrase) {
        cs.push_back(run(name, From::Csv, "/model/standardizer" + pointer, value, phrase));
    };
    const std::string huge = std::string(1 << 20, 'n');
    cs.push_back(run("run_input_names_1MB", From::Csv, "/model/input_names/0", q(huge), "x1"));
    cs.push_back(run("run_input_names_1MB_twice", From::Csv, "/model/input_names",
                     "[" + q(huge) + "," + q(huge) + "]", "input_names"));
    s("std_mean_deep", "/mean", deep(60000), "run.json");
    s("std_std_1e_minus_300", "/std/0", "1e-300", "standardizer");
    s("std_std_zero", "/std/0", "0", "standardizer");
    s("std_std_negative", "/std/0", "-1", "standardizer");
    s("std_std_1e39", "/std/0", "1e39", "standardizer");
    s("std_mean_1e39", "/mean/0", "1e39", "standardizer");
    s("std_mean_1e400", "/mean/0", "1e400", "standardizer");
    s("std_mean_three_values", "/mean", "[0, 0, 0]", "standardizer");
    s("std_mean_string", "/mean", q("x"), "standardizer");
    s("std_std_missing", "/std", kDrop, "standardizer");
    s("std_array", "", "[]", "standardizer");
    // mc-curve rebuilds the data from the run's config: it must still fit the model.
    const auto c = [&](const std::string& name, From from, const std::string& pointer,
                       const std::string& value, const std::string& phrase) {
        cs.push_back(run(name, from, pointer, value, phrase, kCurve));
    };
    c("curve_data_three_classes", From::Moons, "/config/dataset",
      R"({"kind": "blobs", "classes": 3, "samples": 60})", "dataset");
    c("curve_data_one_input", From::Moons, "/config/dataset",
      R"({"kind": "sine-gap", "samples": 60})", "dataset");
    c("curve_data_images", From::Moons, "/config/dataset", R"({"kind": "shapes", "samples": 40})",
      "dataset");
    c("curve_data_csv_missing", From::Csv, "/config/dataset/path", q("nope.csv"), "nope.csv");
    c("curve_data_samples_too_few", From::Moons, "/config/dataset/samples", "5", "dataset.samples");
    c("curve_data_huge", From::Moons, "/config/dataset",
      R"({"kind": "sine-forecast", "samples": 10000000, "length": 10000})", "dataset");
    c("curve_input_shape_negative", From::Moons, "/model/input_shape", "[-1]", "input_shape");
    c("curve_outputs_one_billion", From::Moons, "/model/outputs", "1000000000", "outputs");
    c("curve_format_missing", From::Moons, "/format", kDrop, "run.json");
    c("curve_weights_1e39", From::Moons, "/weights/0/data/0", "1e39", "weights");
    c("curve_std_1e_minus_300", From::Csv, "/model/standardizer/std/0", "1e-300", "standardizer");
}

void inputCases(std::vector<Case>& cs) {
    const std::string h = "x1,x2\n", ok = "0.1,0.2\n";
    cs.push_back(input("in_empty", "", "in.csv"));
    cs.push_back(input("in_header_only", h, "in.csv"));
    cs.push_back(input("in_three_columns", "a,b,c\n1,2,3\n", "in.csv"));
    cs.push_back(input("in_one_column", "a\n1\n", "in.csv"));
    cs.push_back(input("in_non_numeric", h + ok + "abc,1\n", "in.csv"));
    cs.push_back(input("in_ansi_cell", h + ok + "\x1b[31m1,1\n", "in.csv"));
    cs.push_back(input("in_nul_cell", h + ok + std::string("1\0,1\n", 5), "in.csv"));
    cs.push_back(input("in_1e39", h + ok + "1e39,1\n", "in.csv"));
    cs.push_back(input("in_minus_1e39", h + "-1e39,1\n", "in.csv"));
    cs.push_back(input("in_1e308", h + "1e308,1\n", "in.csv"));
    cs.push_back(input("in_inf", h + "inf,1\n", "in.csv"));
    cs.push_back(input("in_NA", h + "NA,1\n", "in.csv"));
    cs.push_back(input("in_ragged", h + ok + "1,2,3\n", "in.csv"));
    cs.push_back(input("in_unclosed_quote", h + "\"1,2\n", "in.csv"));
    cs.push_back(input("in_header_duplicate", "x1,x1\n" + ok, "in.csv"));
    cs.push_back(input("in_1MB_cell", h + std::string(1 << 20, '1') + "x,1\n", "in.csv"));
    cs.push_back(
        input("in_binary_garbage", std::string("\x1f\x8b\x08\0\xff\xfe\0\0", 8), "in.csv"));
    // Columns in another order are not bad input: predict matches them by name
    // (test_run_file_checks.cpp, MatchesColumnsByName).
    cs.push_back(input("in_unknown_columns", "a,b\n" + ok, "in.csv", From::Csv));
    cs.push_back(
        input("in_1MB_column_name", std::string(1 << 20, 'c') + ",x2\n" + ok, "in.csv", From::Csv));
    cs.push_back(
        input("in_nul_in_column_name", std::string("x\0001,x2\n", 7) + ok, "in.csv", From::Csv));
    cs.push_back(input("in_target_as_input", "x1,y\n" + ok, "in.csv", From::Csv));
    cs.push_back(input("in_1e39_standardised", h + "1e39,1\n", "in.csv", From::Csv));
}

// The command line of every subcommand.
void flagCases(std::vector<Case>& cs) {
    const auto f = [&](const std::string& name, const Args& args, const std::string& phrase) {
        cs.push_back(flag(name, args, phrase));
    };
    const Args train = {"train", "--config", "@c.json", "--quiet"};
    f("flag_train_epochs_zero", plus(train, {"--epochs", "0"}), "--epochs");
    f("flag_train_epochs_negative", plus(train, {"--epochs", "-1"}), "--epochs");
    f("flag_train_epochs_text", plus(train, {"--epochs", "abc"}), "--epochs");
    f("flag_train_epochs_over_int", plus(train, {"--epochs", "99999999999"}), "--epochs");
    f("flag_train_epochs_no_value", plus(train, {"--epochs"}), "--epochs");
    f("flag_train_seed_negative", plus(train, {"--seed", "-1"}), "--seed");
    f("flag_train_seed_fraction", plus(train, {"--seed", "1.5"}), "--seed");
    f("flag_train_seed_text", plus(train, {"--seed", "abc"}), "--seed");
    f("flag_train_seed_2_pow_64", plus(train, {"--seed", "18446744073709551616"}), "--seed");
    f("flag_train_seed_100k_digits", plus(train, {"--seed", std::string(100000, '7')}), "--seed");
    f("flag_train_threads_negative", plus(train, {"--threads", "-1"}), "--threads");
    f("flag_train_threads_text", plus(train, {"--threads", "abc"}), "--threads");
    f("flag_train_threads_over_int", plus(train, {"--threads", "99999999999"}), "--threads");
    f("flag_train_config_missing", {"train", "--quiet"}, "--config");
    f("flag_train_config_empty", {"train", "--config", "", "--quiet"}, "--config");
    f("flag_train_unknown_flag", plus(train, {"--epoch", "1"}), "--epoch");
    f("flag_train_extra_argument", plus(train, {"extra"}), "extra");
    const Args predict = {"predict", "--run", "@run.json", "--input", "@in.csv"};
    f("flag_predict_mode_unknown", plus(predict, {"--mode", "bayes"}), "--mode");
    f("flag_predict_samples_zero", plus(predict, {"--samples", "0"}), "--samples");
    f("flag_predict_samples_negative", plus(predict, {"--samples", "-1"}), "--samples");
    f("flag_predict_samples_text", plus(predict, {"--samples", "abc"}), "--samples");
    f("flag_predict_samples_two_billion", plus(predict, {"--samples", "2000000000"}), "--samples");
    f("flag_predict_sharing_unknown", plus(predict, {"--sharing", "global"}), "--sharing");
    f("flag_predict_seed_negative", plus(predict, {"--seed", "-1"}), "--seed");
    f("flag_predict_seed_text", plus(predict, {"--seed", "abc"}), "--seed");
    f("flag_predict_threads_negative", plus(predict, {"--threads", "-1"}), "--threads");
    f("flag_predict_threads_text", plus(predict, {"--threads", "abc"}), "--threads");
    f("flag_predict_input_missing", {"predict", "--run", "@run.json"}, "--input");
    f("flag_predict_unknown_flag", plus(predict, {"--foo"}), "--foo");
    const Args curve = {"mc-curve", "--run", "@run.json"};
    f("flag_curve_max_samples_zero", plus(curve, {"--max-samples", "0"}), "--max-samples");
    f("flag_curve_max_samples_negative", plus(curve, {"--max-samples", "-1"}), "--max-samples");
    f("flag_curve_max_samples_text", plus(curve, {"--max-samples", "abc"}), "--max-samples");
    f("flag_curve_max_samples_five_million", plus(curve, {"--max-samples", "5000000"}),
      "--max-samples");
    f("flag_curve_split_train", plus(curve, {"--split", "train"}), "--split");
    f("flag_curve_split_empty", plus(curve, {"--split", ""}), "--split");
    f("flag_curve_threads_negative", plus(curve, {"--threads", "-1"}), "--threads");
    f("flag_curve_threads_text", plus(curve, {"--threads", "abc"}), "--threads");
    f("flag_curve_run_missing", {"mc-curve", "--max-samples", "3"}, "--run");
    f("flag_curve_unknown_flag", plus(curve, {"--samples", "3"}), "--samples");
    const Args masks = {"masks", "--config", "@c.json"};
    f("flag_masks_steps_zero", plus(masks, {"--steps", "0"}), "--steps");
    f("flag_masks_steps_negative", plus(masks, {"--steps", "-1"}), "--steps");
    f("flag_masks_steps_text", plus(masks, {"--steps", "abc"}), "--steps");
    f("flag_masks_steps_hundred_million", plus(masks, {"--steps", "100000000"}), "--steps");
    f("flag_masks_seed_negative", plus(masks, {"--seed", "-1"}), "--seed");
    f("flag_masks_threads_negative", plus(masks, {"--threads", "-1"}), "--threads");
    f("flag_masks_config_no_value", {"masks", "--config"}, "--config");
    f("flag_masks_unknown_flag", plus(masks, {"--epochs", "1"}), "--epochs");
    const Args sweep = {"sweep", "--config", "@c.json", "--epochs", "1", "--quiet", "--site", "fc"};
    f("flag_sweep_site_unknown",
      {"sweep", "--config", "@c.json", "--quiet", "--site", "nope", "--rates", "0.1"}, "nope");
    f("flag_sweep_rates_empty", plus(sweep, {"--rates", ""}), "--rates");
    f("flag_sweep_rates_text", plus(sweep, {"--rates", "0.1,abc"}), "--rates");
    f("flag_sweep_rates_one", plus(sweep, {"--rates", "1"}), "--rates");
    f("flag_sweep_rates_negative", plus(sweep, {"--rates", "-0.1"}), "--rates");
    f("flag_sweep_rates_empty_item", plus(sweep, {"--rates", "0.1,,0.2"}), "--rates");
    f("flag_sweep_rates_1e400", plus(sweep, {"--rates", "1e400"}), "--rates");
    f("flag_sweep_rates_nan", plus(sweep, {"--rates", "nan"}), "--rates");
    f("flag_sweep_site2_without_rates2", plus(sweep, {"--rates", "0.1", "--site2", "input"}),
      "--site2");
    f("flag_sweep_rates2_without_site2", plus(sweep, {"--rates", "0.1", "--rates2", "0.1"}),
      "--rates2");
    f("flag_sweep_site2_unknown",
      plus(sweep, {"--rates", "0.1", "--site2", "nope", "--rates2", "0.1"}), "nope");
    f("flag_sweep_epochs_zero",
      {"sweep", "--config", "@c.json", "--site", "fc", "--rates", "0.1", "--epochs", "0"},
      "--epochs");
    f("flag_sweep_seed_negative", plus(sweep, {"--rates", "0.1", "--seed", "-1"}), "--seed");
    f("flag_sweep_threads_negative", plus(sweep, {"--rates", "0.1", "--threads", "-1"}),
      "--threads");
    f("flag_sweep_site_missing", {"sweep", "--config", "@c.json", "--rates", "0.1"}, "--site");
    f("flag_bench_only_unknown", {"bench", "--only", "W9"}, "--only");
    f("flag_bench_only_empty_item", {"bench", "--only", "W1,,W3"}, "--only");
    f("flag_bench_only_text", {"bench", "--only", "fast"}, "--only");
    f("flag_bench_threads_negative", {"bench", "--threads", "-1"}, "--threads");
    f("flag_bench_threads_zero", {"bench", "--threads", "0"}, "--threads");
    f("flag_bench_steps_zero", {"bench", "--steps", "0"}, "--steps");
    f("flag_bench_steps_negative", {"bench", "--steps", "-1"}, "--steps");
    f("flag_bench_steps_text", {"bench", "--steps", "abc"}, "--steps");
    f("flag_bench_warmup_negative", {"bench", "--warmup", "-1"}, "--warmup");
    f("flag_bench_unknown_flag", {"bench", "--fast"}, "--fast");
    f("flag_no_command", {}, "command");
    f("flag_unknown_command", {"trian", "--config", "@c.json"}, "trian");
    f("flag_option_before_command", {"--config", "@c.json", "train"}, "command");
    f("flag_threads_before_command", {"--threads", "2", "train", "--config", "@c.json"}, "command");
    f("flag_seed_equals_before_command", {"--seed=3", "train", "--config", "@c.json"}, "--seed");
    f("flag_masks_config_empty", {"masks", "--config", ""}, "--config");
    f("flag_sweep_config_empty", {"sweep", "--config", "", "--site", "fc", "--rates", "0.1"},
      "--config");
    f("flag_predict_run_empty", {"predict", "--run", "", "--input", "@in.csv"}, "--run");
    f("flag_predict_input_empty", {"predict", "--run", "@run.json", "--input", ""}, "--input");
    f("flag_predict_mode_empty", plus(predict, {"--mode", ""}), "--mode");
    f("flag_predict_sharing_ansi", plus(predict, {"--sharing", "\x1b[31mx"}), "--sharing");
    f("flag_curve_run_empty", {"mc-curve", "--run", ""}, "--run");
    f("flag_train_out_empty", plus(train, {"--out", ""}), "--out");
    f("flag_predict_out_empty", plus(predict, {"--out", ""}), "--out");
    f("flag_curve_out_empty", plus(curve, {"--out", ""}), "--out");
    f("flag_masks_out_empty", plus(masks, {"--out", ""}), "--out");
    f("flag_sweep_out_empty", plus(sweep, {"--rates", "0.1", "--out", ""}), "--out");
    f("flag_presets_unknown_flag", {"presets", "--all"}, "--all");
    f("flag_presets_extra_argument", {"presets", "extra"}, "extra");
}

// Inputs named on the command line that are folders, missing or oddly named.
void pathCases(std::vector<Case>& cs) {
    const auto p = [&](const std::string& name, const Args& args, const std::string& phrase) {
        cs.push_back({name, args, nullptr, phrase});
    };
    p("path_config_is_folder", {"train", "--config", "@", "--quiet"}, "@");
    p("path_config_missing", {"train", "--config", "@nope.json", "--quiet"}, "nope.json");
    p("path_config_newline_in_name", {"train", "--config", "@a\nb.json", "--quiet"}, "b.json");
    p("path_config_ansi_in_name", {"train", "--config", "@\x1b[2J\x1b[31mx.json", "--quiet"},
      "x.json");
    p("path_masks_config_is_folder", {"masks", "--config", "@"}, "@");
    p("path_sweep_config_is_folder", {"sweep", "--config", "@", "--site", "fc", "--rates", "0.1"},
      "@");
    p("path_run_is_folder", {"predict", "--run", "@", "--input", "@in.csv"}, "@");
    p("path_run_missing", {"predict", "--run", "@nope.json", "--input", "@in.csv"}, "nope.json");
    p("path_curve_run_is_folder", {"mc-curve", "--run", "@"}, "@");
    p("path_curve_run_missing", {"mc-curve", "--run", "@nope.json"}, "nope.json");
    p("path_input_is_folder", {"predict", "--run", "@run.json", "--input", "@"}, "@");
    p("path_input_missing", {"predict", "--run", "@run.json", "--input", "@nope.csv"}, "nope.csv");
    p("path_input_is_fifo_without_writer", {"predict", "--run", "@run.json", "--input", "@fifo"},
      "fifo");
    cs.back().setup = [](const Folder& f) { f.fifo("fifo"); };
    p("path_config_preset_typo", {"train", "--config", "spiral-dropuot", "--quiet"},
      "spiral-dropout");
}

// Every file the CLI reads, as a FIFO (no writer: reading would block), a socket or a device:
// refused before it is opened.
void specialFileCases(std::vector<Case>& cs) {
    const std::string x = "special.x";
    const std::vector<std::pair<std::string, Setup>> kinds = {
        {"fifo", [x](const Folder& f) { f.fifo(x); }},
        {"socket", [x](const Folder& f) { f.socket(x); }},
        {"device", [x](const Folder& f) { f.device(x); }}};
    const json b = denseConfig();
    for (const auto& [kind, setup] : kinds) {
        const auto add = [&](const std::string& what, const Args& args) {
            cs.push_back({"special_" + what + "_" + kind, args, setup, x});
        };
        const auto addConfig = [&](const std::string& what, const std::string& dataset) {
            cs.push_back(withSetup(
                config("special_" + what + "_" + kind, b, "/dataset", dataset, x), setup));
        };
        add("config", {"train", "--config", "@" + x, "--quiet"});
        add("masks_config", {"masks", "--config", "@" + x});
        add("sweep_config", {"sweep", "--config", "@" + x, "--site", "fc", "--rates", "0.1"});
        add("run", {"predict", "--run", "@" + x, "--input", "@in.csv"});
        add("curve_run", {"mc-curve", "--run", "@" + x});
        if (kind != "fifo") add("input", {"predict", "--run", "@run.json", "--input", "@" + x});
        addConfig("csv", R"({"kind": "csv", "path": "special.x", "target": "y"})");
        addConfig("idx_images", R"({"kind": "idx", "images": "special.x", "labels": "lab.idx"})");
        addConfig("idx_labels", R"({"kind": "idx", "images": "img.idx", "labels": "special.x"})");
    }
}

// --out that cannot take the file: every subcommand that writes one, refused before any work
// (train and sweep would otherwise print their results first). A character device is not
// here: it is written straight through (test_cli_output_safety.cpp).
void outputCases(std::vector<Case>& cs) {
    const std::vector<std::pair<std::string, Args>> writers = {{"train", kTrain},
                                                               {"predict", kPredict},
                                                               {"curve", kCurve},
                                                               {"masks", kMasks},
                                                               {"sweep", kSweep}};
    for (const auto& [cmd, args] : writers) {
        const auto o = [&](const std::string& what, const std::string& out, Setup setup,
                           const std::string& phrase) {
            Args a = args;
            a.back() = out;
            cs.push_back({"out_" + cmd + "_" + what, a, setup, phrase});
        };
        o("missing_folder", "@nodir/out", nullptr, "nodir");
        o(
            "is_folder", "@sub", [](const Folder& f) { f.folder("sub"); }, "sub");
        o(
            "is_fifo", "@fifo", [](const Folder& f) { f.fifo("fifo"); }, "fifo");
        o("parent_is_file", "@in.csv/out", nullptr, "in.csv");
    }
}

std::vector<Case> catalogue() {
    std::vector<Case> cs;
    for (auto* add : {configSyntax, configTopLevel, configDataset, configNetwork, configSites,
                      configSpatialAndRecurrent, configSections, csvCases, idxCases, runCases,
                      inputCases, flagCases, pathCases, specialFileCases, outputCases})
        add(cs);
    return cs;
}

// ---- running a case ----

// The files every case starts from, all valid: an experiment, its data, a run and an input.
void writeKit(const Folder& f) {
    f.write("c.json", denseConfig().dump());
    f.write("data.csv", goodCsv());
    f.write("img.idx", idxImages(40));
    f.write("lab.idx", idxLabels(40));
    f.write("run.json", shared().moons.dump());
    f.write("in.csv", "x1,x2\n0.1,0.2\n-0.3,0.4\n");
}

// "@x" → the folder's file x; "@" → the folder.
Args expand(const Args& args, const TempDir& dir) {
    Args out;
    for (const auto& a : args)
        out.push_back(a == "@"             ? dir.path().string()
                      : a.starts_with("@") ? dir.file(a.substr(1))
                                           : a);
    return out;
}

// `text` clipped and with control characters shown as \xNN, for failure messages.
std::string shown(const std::string& text, std::size_t max = 400) {
    std::string s;
    for (std::size_t i = 0; i < text.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            s += buf;
        } else {
            s += char(c);
        }
    }
    return text.size() > max ? s + "… (" + std::to_string(text.size()) + " bytes)" : s;
}

std::string summary(const CliResult& r) {
    std::string s = r.timedOut ? "timed out"
                    : r.exited ? "exit " + std::to_string(r.code)
                               : "signal " + std::to_string(r.signal);
    s += "; stderr: " + shown(r.err);
    if (!r.out.empty()) s += "; stdout: " + shown(r.out, 200);
    return s;
}

// What is wrong with stderr as the contract's one sentence, or "".
std::string messageProblem(const std::string& err, const std::string& phrase) {
    if (err.empty()) return "stderr is empty";
    if (!err.ends_with('\n') || std::count(err.begin(), err.end(), '\n') != 1)
        return "stderr is not exactly one line";
    const std::string line = err.substr(0, err.size() - 1);
    if (!line.starts_with("dropoutlab-cli: ")) return "stderr does not start with the program name";
    if (!line.ends_with('.')) return "the sentence does not end with a full stop";
    if (line.find("unexpected error") != std::string::npos) return "an unexpected error";
    if (line.size() > kMaxMessage)
        return "the line is " + std::to_string(line.size()) + " characters, more than " +
               std::to_string(kMaxMessage);
    for (unsigned char c : line)
        if (c < 0x20 || c == 0x7F) return "the line holds a control character";
    if (line.find(phrase) == std::string::npos) return "the line does not name \"" + phrase + "\"";
    return {};
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

class BadInput : public testing::TestWithParam<Case> {
  protected:
    static void SetUpTestSuite() {
        capChildMemory();
        shared();
    }
    // Every CLI run inherits the cap. ASan reserves terabytes of address space for its shadow
    // memory, so under ASan its allocator's own limits take the place of RLIMIT_AS.
    static void capChildMemory() {
        if (kAddressSanitizer) {
            const char* given = std::getenv("ASAN_OPTIONS");
            const std::string options = std::string(given ? given : "") +
                                        ":max_allocation_size_mb=8192:allocator_may_return_null=1"
                                        ":hard_rss_limit_mb=8192";
            ::setenv("ASAN_OPTIONS", options.c_str(), 1);
            return;
        }
        rlimit cap{};
        getrlimit(RLIMIT_AS, &cap);
        cap.rlim_cur = std::min<rlim_t>(cap.rlim_max, rlim_t(8) << 30);
        setrlimit(RLIMIT_AS, &cap);
    }
};

TEST_P(BadInput, FailsWithOneSentenceAndWritesNothing) {
    const Case& c = GetParam();
    TempDir dir;
    const Folder f(dir);
    writeKit(f);
    if (c.setup) c.setup(f);
    ASSERT_FALSE(HasFatalFailure());
    const auto before = snapshot(dir.path());
    const CliResult r = runCli(expand(c.args, dir), RunOptions{kTimeout, dir.path()});
    const auto after = snapshot(dir.path());

    ASSERT_TRUE(r.exited && !r.timedOut) << summary(r);
    EXPECT_EQ(r.code, 2) << summary(r);
    const std::string phrase = c.phrase == "@" ? dir.path().string() : c.phrase;
    EXPECT_EQ(messageProblem(r.err, phrase), "") << summary(r);
    EXPECT_EQ(r.out, "") << summary(r);
    EXPECT_EQ(after, before) << "the folder changed; " << summary(r);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInput, testing::ValuesIn(catalogue()),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(BadInputCatalogue, HoldsAtLeast200Cases) {
    EXPECT_GE(catalogue().size(), 200u);
}

}  // namespace
