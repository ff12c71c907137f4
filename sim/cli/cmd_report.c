/* ogsim report: print a results file's provenance and summary, from the
 * file alone; a sweep's file as its table of points. */
#include <string.h>

#include "cli.h"
#include "export.h"

/* The provenance a headline report shows, on one line. */
static void print_attrs_short(const struct og_results_summary *s)
{
  static const char *const head[] = {"scenario_name", "seed", "network_mode", "ogsim_version",
                                     "git_revision"};
  printf(" ");
  for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
    for (size_t i = 0; i < s->n_attrs; i++) {
      const struct og_attr *a = &s->attrs[i];
      if (strcmp(a->name, head[k]))
        continue;
      if (a->text)
        printf(" %s %s,", a->name, a->text);
      else
        printf(" %s %.6g,", a->name, a->value);
    }
  printf(" (--all prints every attribute)\n");
}

static void print_attrs(const struct og_results_summary *s, int all)
{
  if (!all) {
    print_attrs_short(s);
    return;
  }
  for (size_t i = 0; i < s->n_attrs; i++) {
    const struct og_attr *a = &s->attrs[i];
    if (!strcmp(a->name, "scenario_text") || !strcmp(a->name, "warnings"))
      continue; /* long; h5dump -a /scenario_text shows it; warnings follow the summary */
    if (a->text)
      printf("  %-26s %s\n", a->name, a->text);
    else
      printf("  %-26s %.6g\n", a->name, a->value);
  }
}

static int is_sweep(const struct og_results_summary *s)
{
  for (size_t i = 0; i < s->n_attrs; i++)
    if (!strcmp(s->attrs[i].name, "kind"))
      return s->attrs[i].text && !strcmp(s->attrs[i].text, "sweep");
  return 0;
}

static void print_run(const char *file, const struct og_results_summary *s, int all)
{
  struct og_error err = {{0}};
  struct og_table *t = NULL;
  printf("%s\n", file);
  print_attrs(s, all);
  printf("summary:\n");
  og_cli_print_summary(stdout, s->summary, s->n_summary, all);
  og_cli_print_warnings(stdout, s->attrs, s->n_attrs);
  if (og_results_read_table(file, "strategies", &t, &err) == OG_OK)
    og_cli_print_strategies(stdout, t); /* files without one print none */
  og_results_table_free(t);
}

/* The file's summary, printed as a run's or a sweep's; an exit code. */
static int report(const struct og_cli_args *a)
{
  const char *file = a->pos.v[0], *metrics = a->metrics;
  int rc = og_cli_export_check(a);
  struct og_results_summary *s = NULL;
  struct og_error err = {{0}};
  if (rc != OG_EXIT_OK)
    return rc;
  if (og_results_read_summary(file, &s, &err) != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    return OG_EXIT_USAGE;
  }
  if (s->n_summary == 0) {
    fprintf(stderr, "ogsim: report: '%s': /summary is empty: not a finished ogsim results "
                    "file\n", file);
    rc = OG_EXIT_USAGE;
  } else if (og_cli_exporting(a)) {
    rc = og_cli_export(a, file, s, is_sweep(s));
    og_results_summary_free(s);
    return rc;
  } else if (is_sweep(s))
    rc = og_cli_print_sweep(stdout, file, metrics);
  else if (metrics) {
    fprintf(stderr, "ogsim: report: --metrics applies to sweep results files; '%s' is a run's\n",
            file);
    rc = OG_EXIT_USAGE;
  } else
    print_run(file, s, a->all_sections);
  if (rc == OG_EXIT_OK) {
    og_cli_print_perf(stdout, s->perf, s->n_perf, a->all_sections);
  }
  og_results_summary_free(s);
  return rc;
}

int og_cmd_report(int argc, char **argv)
{
  return og_cli_main(OG_CLI_REPORT, argc, argv, report);
}
