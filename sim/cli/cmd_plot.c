/* ogsim plot: the figures of results files, made by analysis/plot.py with
 * Debian's Python (matplotlib); this command only finds and runs it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* python3 plot.py FILE... [-o DIR]: does not return unless it cannot run. */
static int plot(const struct og_cli_args *a)
{
  char script[4096];
  const char *dir = getenv("OGSIM_SOURCE_DIR");
  snprintf(script, sizeof script, "%s/analysis/plot.py", dir ? dir : OGSIM_SOURCE_DIR);
  size_t n = 0;
  char **args = calloc(a->pos.n + 5, sizeof *args);
  if (!args)
    return OG_EXIT_INTERNAL;
  args[n++] = "/usr/bin/python3";
  args[n++] = script;
  for (size_t i = 0; i < a->pos.n; i++)
    args[n++] = (char *)a->pos.v[i];
  if (a->out) {
    args[n++] = "-o";
    args[n++] = (char *)a->out;
  }
  execv(args[0], args);
  fprintf(stderr, "ogsim: plot: cannot run %s %s: %s\n", args[0], script, strerror(errno));
  free(args);
  return OG_EXIT_INTERNAL;
}

int og_cmd_plot(int argc, char **argv)
{
  return og_cli_main(OG_CLI_PLOT, argc, argv, plot);
}
