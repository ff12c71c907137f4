/* ogsim compare's logic: baseline against candidate, metric by metric. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "results_io.h"

const struct og_cmp_tol og_cmp_defaults[] = {
  {"requests_per_wall_second", OG_CMP_AT_LEAST, 3},
  {"nodes_per_wall_second_setup", OG_CMP_AT_LEAST, 3},
  {"wall_time", OG_CMP_AT_MOST, 3},
  {"sim_wall_time", OG_CMP_AT_MOST, 3},
  {"setup_wall_time", OG_CMP_INFO, 0},  /* tens of ms: too noisy to judge */
  {"peak_rss", OG_CMP_AT_MOST, 2},
};
const size_t og_cmp_n_defaults = sizeof og_cmp_defaults / sizeof og_cmp_defaults[0];

static int matches(const char *pattern, const char *name)
{
  size_t n = strlen(pattern);
  return n && pattern[n - 1] == '*' ? !strncmp(pattern, name, n - 1) : !strcmp(pattern, name);
}

static const struct og_cmp_tol *find(const struct og_cmp_tol *t, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (matches(t[i].pattern, name))
      return &t[i];
  return NULL;
}

/* The rule of a metric: the extra list, the defaults, else exact for a
 * dimensionless integer-valued summary count and 1e-9 relative otherwise
 * (simulated numbers are deterministic; the slack is for another
 * compiler's or libm's last bits); /perf figures not listed are info. */
static struct og_cmp_tol rule_of(const struct og_cmp_tol *extra, size_t n_extra,
                                 const struct og_scalar *s, int perf)
{
  const struct og_cmp_tol *t = find(extra, n_extra, s->name);
  if (!t)
    t = find(og_cmp_defaults, og_cmp_n_defaults, s->name);
  if (t)
    return *t;
  if (perf)
    return (struct og_cmp_tol){s->name, OG_CMP_INFO, 0};
  int count = !(s->unit && *s->unit) && isfinite(s->value) && s->value == floor(s->value);
  return (struct og_cmp_tol){s->name, count ? OG_CMP_EXACT : OG_CMP_REL, count ? 0 : 1e-9};
}

/* NaN, +inf and -inf are values of their own: a move between any two of
 * them, or between one of them and a finite number, is a change whatever
 * the rule (the relative rule's inf > tol * inf would pass it). */
static int nonfinite_moved(double b, double c)
{
  return !(b == c || (isnan(b) && isnan(c)));
}

int og_cmp_fails(enum og_cmp_rule rule, double tol, double b, double c)
{
  if (rule == OG_CMP_INFO)
    return 0;
  if (!isfinite(b) || !isfinite(c))
    return nonfinite_moved(b, c);
  switch (rule) {
  case OG_CMP_EXACT: return b != c;
  case OG_CMP_REL: return fabs(c - b) > tol * fabs(b);
  case OG_CMP_AT_LEAST: return c < b / tol;
  case OG_CMP_AT_MOST: return c > b * tol;
  default: return 0;
  }
}

static int fails(const struct og_cmp_row *r)
{
  if (r->missing)
    return r->missing == 1;
  return og_cmp_fails(r->rule, r->tol, r->base, r->cand);
}

static const char *attr_text(const struct og_results_summary *s, const char *name)
{
  for (size_t i = 0; i < s->n_attrs; i++)
    if (!strcmp(s->attrs[i].name, name))
      return s->attrs[i].text;
  return NULL;
}

static const struct og_scalar *scalar(const struct og_scalar *v, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (!strcmp(v[i].name, name))
      return &v[i];
  return NULL;
}

static enum og_status comparable(const struct og_results_summary *a,
                                 const struct og_results_summary *b, const char *pa,
                                 const char *pb, struct og_error *err)
{
  static const char *const keys[] = {"scenario_text", "overrides", "seed"};
  if (attr_text(a, "kind") || attr_text(b, "kind"))
    return og_error_set(err, OG_EINVAL, "compare takes results files of runs, not of sweeps");
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    const char *x = attr_text(a, keys[i]), *y = attr_text(b, keys[i]);
    if (!x || !y)
      return og_error_set(err, OG_EPARSE, "'%s': not an ogsim run results file (no '%s')",
                          x ? pb : pa, keys[i]);
    if (strcmp(x, y))
      return og_error_set(err, OG_EINVAL, "not comparable: '%s' and '%s' differ in %s (the "
                          "same scenario, overrides and seed are needed)", pa, pb, keys[i]);
  }
  return OG_OK;
}

static int add_row(struct og_cmp_report *r, const struct og_scalar *s, const struct og_scalar *c,
                   int perf, int missing, const struct og_cmp_tol *extra, size_t n_extra)
{
  struct og_cmp_tol t = rule_of(extra, n_extra, s, perf);
  struct og_cmp_row *row = &r->rows[r->n_rows];
  *row = (struct og_cmp_row){.name = strdup(s->name), .unit = strdup(s->unit ? s->unit : ""),
                             .perf = perf, .base = missing == 2 ? NAN : s->value,
                             .cand = c ? c->value : NAN, .rule = t.rule, .tol = t.tol,
                             .missing = missing};
  if (missing == 2)
    row->cand = s->value;
  if (!row->name || !row->unit)
    return -1;
  row->failed = fails(row);
  r->n_failed += (size_t)row->failed;
  r->n_changed += !(row->base == row->cand || (isnan(row->base) && isnan(row->cand)));
  r->n_rows++;
  return 0;
}

/* Rows for one group (summary or perf): the baseline's metrics in order,
 * then those only the candidate has. */
static int rows(struct og_cmp_report *r, const struct og_scalar *b, size_t nb,
                const struct og_scalar *c, size_t nc, int perf, const struct og_cmp_tol *extra,
                size_t n_extra)
{
  for (size_t i = 0; i < nb; i++) {
    const struct og_scalar *o = scalar(c, nc, b[i].name);
    if (add_row(r, &b[i], o, perf, o ? 0 : 1, extra, n_extra) != 0)
      return -1;
  }
  for (size_t i = 0; i < nc; i++)
    if (!scalar(b, nb, c[i].name) && add_row(r, &c[i], NULL, perf, 2, extra, n_extra) != 0)
      return -1;
  return 0;
}

enum og_status og_compare(const char *baseline, const char *candidate,
                          const struct og_cmp_tol *extra, size_t n_extra, unsigned flags,
                          struct og_cmp_report **out, struct og_error *err)
{
  /* Speed and memory shown only: every /perf figure's rule is info. */
  static const struct og_cmp_tol shown = {"*", OG_CMP_INFO, 0};
  int judge_perf = !(flags & OG_CMP_SIMULATED_ONLY);
  struct og_results_summary *a = NULL, *b = NULL;
  struct og_cmp_report *r = NULL;
  *out = NULL;
  enum og_status st = og_results_read_summary(baseline, &a, err);
  if (st == OG_OK)
    st = og_results_read_summary(candidate, &b, err);
  if (st == OG_OK)
    st = comparable(a, b, baseline, candidate, err);
  size_t cap = st == OG_OK ? a->n_summary + b->n_summary + a->n_perf + b->n_perf : 0;
  if (st == OG_OK && (!(r = calloc(1, sizeof *r)) || !(r->rows = calloc(cap + 1, sizeof *r->rows))))
    st = og_error_set(err, OG_ENOMEM, "out of memory");
  if (st == OG_OK && (rows(r, a->summary, a->n_summary, b->summary, b->n_summary, 0, extra,
                           n_extra) != 0 ||
                      rows(r, a->perf, a->n_perf, b->perf, b->n_perf, 1, judge_perf ? extra : &shown,
                           judge_perf ? n_extra : 1) != 0))
    st = og_error_set(err, OG_ENOMEM, "out of memory");
  og_results_summary_free(a);
  og_results_summary_free(b);
  if (st != OG_OK) {
    og_cmp_report_free(r);
    return st;
  }
  *out = r;
  return OG_OK;
}

void og_cmp_report_free(struct og_cmp_report *r)
{
  if (!r)
    return;
  for (size_t i = 0; r->rows && i < r->n_rows; i++) {
    free(r->rows[i].name);
    free(r->rows[i].unit);
  }
  free(r->rows);
  free(r);
}

static int parse_rule(const char *word, enum og_cmp_rule *rule)
{
  static const char *const names[] = {"exact", "rel", "at_least", "at_most", "info"};
  for (int i = 0; i < 5; i++)
    if (!strcmp(word, names[i]))
      return *rule = (enum og_cmp_rule)i, 0;
  return -1;
}

/* One line: "PATTERN RULE [X]"; 1 when it is blank or a comment. */
static int parse_line(char *line, struct og_cmp_tol *t)
{
  char pat[256], word[32], *hash = strchr(line, '#');
  double x = 0;
  if (hash)
    *hash = 0;
  int n = sscanf(line, "%255s %31s %lf", pat, word, &x);
  if (n <= 0)
    return 1;
  if (n < 2 || parse_rule(word, &t->rule) != 0)
    return -1;
  int wants = t->rule == OG_CMP_REL || t->rule == OG_CMP_AT_LEAST || t->rule == OG_CMP_AT_MOST;
  if (wants != (n == 3) || (wants && !(x >= 0)) || (t->rule != OG_CMP_REL && wants && x < 1))
    return -1;
  t->tol = x;
  return (t->pattern = strdup(pat)) ? 0 : -2;
}

enum og_status og_cmp_tols_load(const char *path, struct og_cmp_tol **out, size_t *n,
                                struct og_error *err)
{
  FILE *f = fopen(path, "r");
  *out = NULL;
  *n = 0;
  if (!f)
    return og_error_set(err, OG_EIO, "%s: cannot read", path);
  char line[512];
  size_t cap = 0, no = 0;
  enum og_status st = OG_OK;
  while (st == OG_OK && fgets(line, sizeof line, f)) {
    no++;
    if (*n == cap) {
      struct og_cmp_tol *g = realloc(*out, (cap = cap ? 2 * cap : 16) * sizeof *g);
      if (!g) {
        st = og_error_set(err, OG_ENOMEM, "out of memory");
        break;
      }
      *out = g;
    }
    int rc = parse_line(line, &(*out)[*n]);
    if (rc == 0)
      (*n)++;
    else if (rc < 0)
      st = og_error_set(err, rc == -2 ? OG_ENOMEM : OG_EINVAL, "%s:%zu: expected 'METRIC "
                        "exact|rel X|at_least X|at_most X|info' (X >= 1 for at_least and "
                        "at_most)", path, no);
  }
  fclose(f);
  if (st != OG_OK) {
    og_cmp_tols_free(*out, *n);
    *out = NULL;
    *n = 0;
  }
  return st;
}

void og_cmp_tols_free(struct og_cmp_tol *t, size_t n)
{
  for (size_t i = 0; t && i < n; i++)
    free((char *)t[i].pattern);
  free(t);
}
