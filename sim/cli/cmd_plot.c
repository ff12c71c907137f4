/* ogsim plot: the figures of results files, made by analysis/plot.py with
 * Debian's Python (matplotlib); this command checks its options, then finds
 * and runs it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Whether every item of the comma list is a figure format plot.py writes;
 * if not, say which one is not on stderr. */
static int formats_ok(const char *list)
{
  static const char *const known[] = {"png", "pdf", "svg"};
  const char *p = list;
  do {
    size_t len = strcspn(p, ",");
    int ok = 0;
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
      ok |= len == strlen(known[k]) && !strncmp(p, known[k], len);
    if (!ok) {
      fprintf(stderr, "ogsim: plot: --format %s: '%.*s' is not a figure format (png, pdf, "
              "svg, as a comma list, e.g. --format png,pdf)\n", list, (int)len, p);
      return 0;
    }
    p += len;
  } while (*p++ == ',');
  return 1;
}

/* python3 plot.py FILE... [-o DIR] --format F --dpi N: does not return
 * unless it cannot run. */
static int plot(const struct og_cli_args *a)
{
  if (!formats_ok(a->format))
    return OG_EXIT_USAGE;
  char script[4096], dpi[32];
  const char *dir = getenv("OGSIM_SOURCE_DIR");
  snprintf(script, sizeof script, "%s/analysis/plot.py", dir ? dir : OGSIM_SOURCE_DIR);
  snprintf(dpi, sizeof dpi, "%zu", a->dpi);
  size_t n = 0;
  char **args = calloc(a->pos.n + 9, sizeof *args);
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
  args[n++] = "--format";
  args[n++] = (char *)a->format;
  args[n++] = "--dpi";
  args[n++] = dpi;
  execv(args[0], args);
  fprintf(stderr, "ogsim: plot: cannot run %s %s: %s\n", args[0], script, strerror(errno));
  free(args);
  return OG_EXIT_INTERNAL;
}

int og_cmd_plot(int argc, char **argv)
{
  return og_cli_main(OG_CLI_PLOT, argc, argv, plot);
}
