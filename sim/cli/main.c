/* ogsim: entry point; dispatches to a subcommand (opts.h's list). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

#define OG_CLI_FN_(id, fn) [OG_CLI_##id] = fn,
static int (*const commands[OG_CLI_N_CMDS])(int argc, char **argv) = {
  OG_CLI_COMMANDS(OG_CLI_FN_)};

int main(int argc, char **argv)
{
  int id = argc >= 2 ? og_cli_cmd_find(argv[1]) : -1;
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    og_cli_usage(stdout);
    return OG_EXIT_OK;
  }
  if (argc >= 2 && !strcmp(argv[1], "--version")) {
    printf("ogsim %s (%s)\n", OGSIM_VERSION, OGSIM_GIT_REV);
    return OG_EXIT_OK;
  }
  if (id >= 0 && og_cli_wants_help(id, argc - 1, argv + 1)) {
    og_cli_cmd_usage(stdout, id);
    return OG_EXIT_OK;
  }
  if (id >= 0)
    return commands[id](argc - 1, argv + 1);
  if (argc >= 2)
    fprintf(stderr, "ogsim: unknown command '%s'\n", argv[1]);
  og_cli_usage(stderr);
  return OG_EXIT_USAGE;
}
