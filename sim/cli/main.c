/* ogsim: entry point; dispatches to a subcommand (usage.c's table). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

int main(int argc, char **argv)
{
  const struct og_cli_cmd *c = argc >= 2 ? og_cli_cmd_find(argv[1]) : NULL;
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    og_cli_usage(stdout);
    return OG_EXIT_OK;
  }
  if (argc >= 2 && !strcmp(argv[1], "--version")) {
    printf("ogsim %s (%s)\n", OGSIM_VERSION, OGSIM_GIT_REV);
    return OG_EXIT_OK;
  }
  if (c && og_cli_wants_help(c, argc - 1, argv + 1)) {
    og_cli_cmd_usage(stdout, c);
    return OG_EXIT_OK;
  }
  if (c)
    return c->fn(argc - 1, argv + 1);
  if (argc >= 2)
    fprintf(stderr, "ogsim: unknown command '%s'\n", argv[1]);
  og_cli_usage(stderr);
  return OG_EXIT_USAGE;
}
