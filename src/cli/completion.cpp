#include "cli/completion.hpp"

#include <CLI/CLI.hpp>

#include <stdexcept>

namespace aisys::cli {

namespace {

// "{auto,always,never}" in an option's type name ("TEXT:{auto,always,never}"),
// as CLI::IsMember describes its set.
std::vector<std::string> choices_of(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const std::size_t open = type.find('{');
    const std::size_t close = type.find('}', open);
    if (open == std::string::npos || close == std::string::npos) return {};
    std::vector<std::string> out;
    std::string item;
    for (std::size_t i = open + 1; i <= close; ++i) {
        if (type[i] == ',' || i == close) {
            if (!item.empty()) out.push_back(item);
            item.clear();
        } else {
            item += type[i];
        }
    }
    return out;
}

// The first line of a help text, for a one-line description.
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
    return out;
}

// 'text' for the shells whose single quotes end only at a quote (sh, zsh).
std::string sh_quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// 'text' for fish, whose single quotes take \' and \\.
std::string fish_quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// An _arguments description: brackets and colons are its syntax.
std::string zsh_escape(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

// A shell function name for the program: "aisys-search" -> "_aisys_search".
std::string function_name(const std::string& program) {
    std::string out = "_";
    for (const char c : program) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

std::string bash(const std::string& program, const std::vector<CommandSpec>& commands) {
    std::vector<std::string> names;
    for (const auto& c : commands) names.push_back(c.name);
    const std::string fn = function_name(program);
    std::string out = "# bash completion for " + program + ", printed by '" + program + " completion bash'\n" + fn +
                      "() {\n"
                      "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
                      "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
                      "        case ${COMP_WORDS[i]} in\n"
                      "            " + join(names, "|") + ") cmd=${COMP_WORDS[i]}; break ;;\n"
                      "        esac\n"
                      "    done\n"
                      "    local options= values= positional=\n"
                      "    case ${cmd:-" + names.front() + "} in\n";
    for (const auto& c : commands) {
        std::vector<std::string> options;
        for (const auto& o : c.options) options.push_back(o.name);
        if (&c == &commands.front()) options.push_back("--version");  // a line without a command takes it too
        out += "        " + c.name + ")\n            options=" + sh_quote(join(options, " ")) + "\n";
        if (!c.positional_choices.empty()) out += "            positional=" + sh_quote(join(c.positional_choices, " ")) + "\n";
        // An option's value: one of its choices, else (return with no
        // reply) what `complete -o default` gives, file names.
        std::string value_cases;
        std::vector<std::string> free;
        for (const auto& o : c.options) {
            if (!o.takes_value) continue;
            if (o.choices.empty()) free.push_back(o.name);
            else value_cases += "                " + o.name + ") values=" + sh_quote(join(o.choices, " ")) + " ;;\n";
        }
        if (!free.empty()) value_cases += "                " + join(free, "|") + ") return 0 ;;\n";
        if (!value_cases.empty()) out += "            case $prev in\n" + value_cases + "            esac\n";
        out += "            ;;\n";
    }
    out += "    esac\n"
           "    if [[ -n $values ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))\n"
           "    elif [[ $cur == -* ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
           "    elif [[ -z $cmd ]]; then\n"
           "        COMPREPLY=($(compgen -W " + sh_quote(join(names, " ")) + " -- \"$cur\"))\n"
           "    elif [[ -n $positional ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$positional\" -- \"$cur\"))\n"
           "    fi\n"
           "}\n"
           "complete -o default -F " + fn + " " + program + "\n";
    return out;
}

std::string zsh(const std::string& program, const std::vector<CommandSpec>& commands) {
    const std::string fn = function_name(program);
    std::string out = "#compdef " + program + "\n# zsh completion for " + program + ", printed by '" + program +
                      " completion zsh'\n" + fn + "() {\n    local -a commands\n    commands=(\n";
    for (const auto& c : commands) out += "        " + sh_quote(c.name + ":" + c.summary) + "\n";
    out += "    )\n"
           "    if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n"
           "        _describe -t commands '" + program + " command' commands\n"
           "        return\n"
           "    fi\n"
           "    local cmd=$words[2]\n"
           "    shift words\n"
           "    (( CURRENT-- ))\n"
           "    case $cmd in\n";
    for (const auto& c : commands) {
        out += "        " + c.name + ")\n            _arguments -s";
        for (const auto& o : c.options) {
            std::string spec = (o.repeatable ? "*" : "") + o.name + (o.takes_value ? "=" : "") + "[" + zsh_escape(o.help) + "]";
            if (o.takes_value) spec += ":" + o.name.substr(o.name.find_first_not_of('-')) + ":" +
                                       (o.choices.empty() ? std::string() : "(" + join(o.choices, " ") + ")");
            out += " \\\n                " + sh_quote(spec);
        }
        if (!c.positional_choices.empty()) out += " \\\n                " + sh_quote("1:shell:(" + join(c.positional_choices, " ") + ")");
        else out += " \\\n                '*:argument:_default'";
        out += "\n            ;;\n";
    }
    out += "    esac\n}\n" + fn + " \"$@\"\n";
    return out;
}

std::string fish(const std::string& program, const std::vector<CommandSpec>& commands) {
    std::vector<std::string> names;
    for (const auto& c : commands) names.push_back(c.name);
    std::string out = "# fish completion for " + program + ", printed by '" + program + " completion fish'\n";
    for (const auto& c : commands)
        out += "complete -c " + program + " -n __fish_use_subcommand -f -a " + fish_quote(c.name) + " -d " +
               fish_quote(c.summary) + "\n";
    out += "complete -c " + program + " -n __fish_use_subcommand -l version -d 'Print the version'\n";
    for (const auto& c : commands) {
        const std::string when = " -n " + fish_quote("__fish_seen_subcommand_from " + c.name);
        if (!c.positional_choices.empty())
            out += "complete -c " + program + when + " -f -a " + fish_quote(join(c.positional_choices, " ")) + "\n";
        for (const auto& o : c.options) {
            out += "complete -c " + program + when;
            out += o.name.rfind("--", 0) == 0 ? " -l " + o.name.substr(2) : " -s " + o.name.substr(1);
            if (o.takes_value) out += o.choices.empty() ? " -r" : " -x -a " + fish_quote(join(o.choices, " "));
            out += " -d " + fish_quote(o.help) + "\n";
        }
    }
    return out;
}

} // namespace

std::vector<CommandSpec> command_specs(const CLI::App& app) {
    std::vector<CommandSpec> out;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        CommandSpec spec{sub->get_name(), first_line(sub->get_description()), {}, {}};
        for (const CLI::Option* o : sub->get_options([](const CLI::Option*) { return true; })) {
            if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty()) {
                if (spec.positional_choices.empty()) spec.positional_choices = choices_of(*o);
                continue;
            }
            const bool takes_value = o->get_expected_max() > 0;  // a flag expects no value
            for (const auto& l : o->get_lnames())
                spec.options.push_back({"--" + l, first_line(o->get_description()), takes_value, o->get_expected_max() > 1,
                                        takes_value ? choices_of(*o) : std::vector<std::string>{}});
            if (o->get_lnames().empty())
                for (const auto& s : o->get_snames())
                    spec.options.push_back({"-" + s, first_line(o->get_description()), takes_value, false, {}});
        }
        out.push_back(std::move(spec));
    }
    return out;
}

std::string completion_script(const std::string& shell, const std::string& program, const std::vector<CommandSpec>& commands) {
    if (commands.empty()) throw std::invalid_argument("no commands to complete");
    if (shell == "bash") return bash(program, commands);
    if (shell == "zsh") return zsh(program, commands);
    if (shell == "fish") return fish(program, commands);
    throw std::invalid_argument("no completion for the shell '" + shell + "'");
}

} // namespace aisys::cli
