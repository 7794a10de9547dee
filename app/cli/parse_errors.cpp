#include "app/cli/parse_errors.h"

#include "base/text_preview.h"

namespace dl::cli {
namespace {

// Every command's name, as "train, predict, … or presets".
std::string commandNames(CLI::App& app) {
    std::string names;
    const auto commands = app.get_subcommands([](CLI::App*) { return true; });
    for (std::size_t i = 0; i < commands.size(); ++i)
        names += (i == 0 ? "" : i + 1 == commands.size() ? " or " : ", ") + commands[i]->get_name();
    return names;
}

// CLI11 says "A subcommand is required" for both a missing and a misspelt command; name what
// was wrong and what would work instead.
std::string commandError(CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-')
        return "a command is required first: " + commandNames(app) + " (see --help).";
    return "unknown command " + dl::quotedPreview(argv[1]) + "; expected " + commandNames(app) +
           " (see --help).";
}

// `dropoutlab-cli --config x train` parses as train without --config, which CLI11 reports as
// "--config is required": misleading when the option is right there, only too early. Returns
// the sentence for an option written before the command, or "" if that is not the mistake.
std::string optionBeforeCommand(CLI::App& app, int argc, char** argv) {
    if (argc < 3 || argv[1][0] != '-') return {};
    for (int i = 2; i < argc; ++i) {
        const auto commands =
            app.get_subcommands([&](CLI::App* c) { return c->get_name() == argv[i]; });
        if (commands.empty()) continue;
        std::string option = argv[1];
        option = option.substr(0, option.find('='));
        const std::string shown = dl::escapeText(option, dl::kPreviewChars);
        return shown + ": options go after the command, e.g. `dropoutlab-cli " + argv[i] + " " +
               shown + " …` (see --help).";
    }
    return {};
}

// CLI11's message as one sentence, like every other input error (its own exit() adds a line).
std::string oneSentence(const CLI::Error& e) {
    std::string what = e.what();
    while (!what.empty() && (what.back() == '.' || what.back() == '\n')) what.pop_back();
    return what + " (see --help).";
}

}  // namespace

std::string parseErrorSentence(CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
    std::string message = optionBeforeCommand(app, argc, argv);
    if (message.empty() && dynamic_cast<const CLI::RequiredError*>(&e) &&
        app.get_subcommands().empty())
        message = commandError(app, argc, argv);  // not a missing option: no command
    return message.empty() ? oneSentence(e) : message;
}

}  // namespace dl::cli
