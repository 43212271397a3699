// dyad: news in, political events out. One file per subcommand.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "dyad/version.h"

int main(int argc, char** argv) {
  CLI::App app{"dyad: codes political events (who did what to whom, when) from news text"};
  app.set_version_flag("--version", std::string("dyad ") + DYAD_VERSION);
  app.require_subcommand(1);
  dyad::cli::CodeCommand code(app, argv[0]);
  dyad::cli::ParseCommand parse(app, argv[0]);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : dyad::cli::kExitUsage;
  }
  if (code.selected()) return code.Run();
  if (parse.selected()) return parse.Run();
  return dyad::cli::kExitUsage;
}
