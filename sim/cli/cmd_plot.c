/* ogsim plot: the figures of results files, made by analysis/plot.py with
 * Debian's Python (matplotlib); this command only finds and runs it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int og_cmd_plot(int argc, char **argv)
{
  char script[4096];
  const char *dir = getenv("OGSIM_SOURCE_DIR");
  snprintf(script, sizeof script, "%s/analysis/plot.py", dir ? dir : OGSIM_SOURCE_DIR);
  char **args = calloc((size_t)argc + 2, sizeof *args);
  if (!args)
    return OG_EXIT_INTERNAL;
  args[0] = "/usr/bin/python3";
  args[1] = script;
  for (int i = 1; i < argc; i++)
    args[i + 1] = argv[i];
  execv(args[0], args);
  fprintf(stderr, "ogsim: plot: cannot run %s %s: %s\n", args[0], script, strerror(errno));
  free(args);
  return OG_EXIT_INTERNAL;
}
