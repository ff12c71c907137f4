/* ogsim report: print a results file's provenance and summary, from the
 * file alone. */
#include <string.h>

#include "cli.h"

static void print_attrs(const struct og_results_summary *s)
{
  for (size_t i = 0; i < s->n_attrs; i++) {
    const struct og_attr *a = &s->attrs[i];
    if (!strcmp(a->name, "scenario_text"))
      continue; /* long; h5dump -a /scenario_text shows it */
    if (a->text)
      printf("  %-26s %s\n", a->name, a->text);
    else
      printf("  %-26s %.6g\n", a->name, a->value);
  }
}

int og_cmd_report(int argc, char **argv)
{
  if (argc != 2 || argv[1][0] == '-') {
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
      og_cli_usage(stdout);
      return OG_EXIT_OK;
    }
    fprintf(stderr, "ogsim: usage: ogsim report RESULTS.h5\n");
    return OG_EXIT_USAGE;
  }
  struct og_results_summary *s = NULL;
  struct og_error err = {{0}};
  if (og_results_read_summary(argv[1], &s, &err) != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    return OG_EXIT_USAGE;
  }
  printf("%s\n", argv[1]);
  print_attrs(s);
  printf("summary:\n");
  og_cli_print_scalars(stdout, s->summary, s->n_summary);
  struct og_table *t = NULL;
  if (og_results_read_table(argv[1], "strategies", &t, &err) == OG_OK)
    og_cli_print_strategies(stdout, t); /* files without one print none */
  og_results_table_free(t);
  printf("simulator performance:\n");
  og_cli_print_scalars(stdout, s->perf, s->n_perf);
  og_results_summary_free(s);
  return OG_EXIT_OK;
}
