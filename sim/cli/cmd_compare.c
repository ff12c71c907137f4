/* ogsim compare: a run's numbers against a baseline's (CI regression). */
#include <math.h>
#include <stdio.h>

#include "cli.h"
#include "compare.h"

static const char *rule_text(const struct og_cmp_row *r, char *buf, size_t len)
{
  switch (r->rule) {
  case OG_CMP_EXACT: return "exact";
  case OG_CMP_REL: snprintf(buf, len, "rel %.3g", r->tol); return buf;
  case OG_CMP_AT_LEAST: snprintf(buf, len, ">= 1/%.3g x", r->tol); return buf;
  case OG_CMP_AT_MOST: snprintf(buf, len, "<= %.3g x", r->tol); return buf;
  default: return "info";
  }
}

static void print_row(const struct og_cmp_row *r)
{
  char rule[32], change[32];
  if (r->missing || !isfinite(r->base) || !isfinite(r->cand) || r->base == 0)
    snprintf(change, sizeof change, "%s", r->missing == 1 ? "missing" : r->missing ? "new" : "-");
  else
    snprintf(change, sizeof change, "%+.3g%%", 100 * (r->cand - r->base) / fabs(r->base));
  printf("  %-30s %16.9g %16.9g %10s  %-12s %s\n", r->name, r->base, r->cand, change,
         rule_text(r, rule, sizeof rule),
         r->failed ? (r->perf ? "REGRESSED" : "MOVED") : "ok");
}

/* The first file against the second; an exit code. */
static int compare(const struct og_cli_args *a)
{
  const char *const *files = a->pos.v;
  unsigned flags = a->simulated ? OG_CMP_SIMULATED_ONLY : 0;
  struct og_error err = {{0}};
  struct og_cmp_tol *tols = NULL;
  size_t n_tols = 0;
  struct og_cmp_report *r = NULL;
  enum og_status st = a->tolerances ? og_cmp_tols_load(a->tolerances, &tols, &n_tols, &err) : OG_OK;
  if (st == OG_OK)
    st = og_compare(files[0], files[1], tols, n_tols, flags, &r, &err);
  og_cmp_tols_free(tols, n_tols);
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: compare: %s\n", err.msg);
    return st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
  }
  printf("compare %s (baseline) with %s:\n  %-30s %16s %16s %10s  %-12s %s\n", files[0],
         files[1], "metric", "baseline", "candidate", "change", "tolerance", "");
  for (size_t i = 0; i < r->n_rows; i++)
    if (a->verbose || r->rows[i].failed || r->rows[i].missing ||
        !(r->rows[i].base == r->rows[i].cand || (isnan(r->rows[i].base) && isnan(r->rows[i].cand))))
      print_row(&r->rows[i]);
  printf("%zu metrics, %zu changed, %zu beyond tolerance: %s\n", r->n_rows, r->n_changed,
         r->n_failed, r->n_failed ? "REGRESSION" : "ok");
  int rc = r->n_failed ? OG_EXIT_CHECK : OG_EXIT_OK;
  og_cmp_report_free(r);
  return rc;
}

int og_cmd_compare(int argc, char **argv)
{
  return og_cli_main(OG_CLI_COMPARE, argc, argv, compare);
}
