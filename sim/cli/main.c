/* ogsim: entry point; dispatches to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

int main(int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {{"run", og_cmd_run}, {"validate", og_cmd_validate}, {"report", og_cmd_report},
                {"platform", og_cmd_platform},
                {"calibrate", og_cmd_calibrate}, {"sweep", og_cmd_sweep},
                {"merge", og_cmd_merge}, {"equilibrium", og_cmd_equilibrium},
                {"compare", og_cmd_compare}, {"plot", og_cmd_plot}};
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    og_cli_usage(stdout);
    return OG_EXIT_OK;
  }
  if (argc >= 2 && !strcmp(argv[1], "--version")) {
    printf("ogsim %s (%s)\n", OGSIM_VERSION, OGSIM_GIT_REV);
    return OG_EXIT_OK;
  }
  for (size_t i = 0; argc >= 2 && i < sizeof cmds / sizeof cmds[0]; i++)
    if (!strcmp(argv[1], cmds[i].name))
      return cmds[i].fn(argc - 1, argv + 1);
  og_cli_usage(stderr);
  return OG_EXIT_USAGE;
}
