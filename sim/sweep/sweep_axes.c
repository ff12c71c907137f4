/* A sweep file's axes: `axes:` (one grid dimension each) and `zip:` groups
 * (one dimension per group), with values listed or spread linearly or
 * geometrically between two ends. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "sweep_internal.h"

/* Shortest text that reads back as v ("0.1", not "0.10000000000000001"),
 * with whole numbers below 1e17 written out ("100000", not "1e+05"). */
static void number_text(double v, char *buf, size_t len)
{
  int prec = 1;
  while (prec < 17 && (snprintf(buf, len, "%.*g", prec, v), strtod(buf, NULL) != v))
    prec++;
  int exp10 = v != 0 ? (int)floor(log10(fabs(v))) : 0;
  if (exp10 >= prec && exp10 < 17)
    prec = exp10 + 1;
  snprintf(buf, len, "%.*g", prec, v);
}

static enum og_status alloc_values(struct og_parse *p, struct og_sweep_axis *ax, size_t n)
{
  ax->values = calloc(n, sizeof *ax->values);
  ax->numbers = calloc(n, sizeof *ax->numbers);
  if (!ax->values || !ax->numbers)
    return og__sweep_nomem(p);
  ax->n_values = n;
  return OG_OK;
}

static enum og_status parse_values(struct og_sweep_loader *l, struct og_sweep_axis *ax,
                                   yaml_node_t *n, const char *label)
{
  struct og_parse *p = &l->p;
  og__sweep_here(p, "%s.values", label);
  if (n->type != YAML_SEQUENCE_NODE)
    return og__conf_fail(p, n, "expected a list of values, not a %s", og__sweep_kind(n));
  if (!og__sweep_len(n))
    return og__conf_fail(p, n, "must not be empty");
  enum og_status st = alloc_values(p, ax, og__sweep_len(n));
  int numeric = 1;
  for (size_t i = 0; st == OG_OK && i < ax->n_values; i++) {
    const char *t = NULL;
    og__sweep_here(p, "%s.values[%zu]", label, i);
    if ((st = og__sweep_text(p, og__conf_nth(p, n, i), &t)) == OG_OK &&
        !(ax->values[i] = strdup(t)))
      st = og__sweep_nomem(p);
    numeric = numeric && st == OG_OK && og__sweep_plain_number(t, &ax->numbers[i]);
  }
  if (st == OG_OK && !numeric) {
    free(ax->numbers);
    ax->numbers = NULL;
  }
  return st;
}

struct range {
  double from, to;
  size_t steps;
  int log;
  const char *unit;
};

static enum og_status number_of(struct og_parse *p, yaml_node_t *n, double *v)
{
  const char *t;
  enum og_status st = og__sweep_text(p, n, &t);
  if (st == OG_OK && !og__sweep_plain_number(t, v))
    return og__conf_fail(p, n, "expected a number, got '%s'", t);
  return st;
}

static enum og_status read_range(struct og_sweep_loader *l, yaml_node_t *n, const char *label,
                                 struct range *r)
{
  static const char *const keys[] = {"from", "to", "steps", NULL};
  struct og_parse *p = &l->p;
  const char *what = r->log ? "log" : "linear";
  og__sweep_here(p, "%s.%s", label, what);
  enum og_status st = og__sweep_keys(p, n, "from, to, steps", keys);
  for (size_t i = 0; st == OG_OK && keys[i]; i++) {
    yaml_node_t *v = og__conf_get(p, n, keys[i]);
    og__sweep_here(p, "%s.%s%s%s", label, what, v ? "." : "", v ? keys[i] : "");
    if (!v)
      return og__conf_fail(p, n, "missing required key '%s'", keys[i]);
    if (i == 2)
      st = og__sweep_count(p, v, 2, OG_SWEEP_MAX_POINTS, &r->steps);
    else if ((st = number_of(p, v, i ? &r->to : &r->from)) == OG_OK && r->log &&
             (i ? r->to : r->from) <= 0)
      return og__conf_fail(p, v, "must be > 0 on a log axis, got %s", v->data.scalar.value);
  }
  return st;
}

/* The ends weighted, divided once: from and to exact, and steps between
 * round numbers land on round numbers. */
static double between(double from, double to, size_t i, size_t last)
{
  if (i == 0 || i == last)
    return i ? to : from;
  return (from * (double)(last - i) + to * (double)i) / (double)last;
}

/* Value i of `steps` from `from` to `to`, both ends exact: linear, or
 * geometric (linear in log10, so a grid over decades gives powers of ten).
 * Values between are rounded to 15 significant digits, below the rounding
 * noise of the arithmetic: 0.14, not 0.13999999999999999. */
static double range_value(const struct range *r, size_t i)
{
  size_t last = r->steps - 1;
  char buf[64];
  if (i == 0 || i == last)
    return (i ? r->to : r->from) + 0.0; /* + 0.0: no "-0" */
  double v = r->log ? pow(10, between(log10(r->from), log10(r->to), i, last))
                    : between(r->from, r->to, i, last);
  snprintf(buf, sizeof buf, "%.15g", v);
  return strtod(buf, NULL) + 0.0;
}

static enum og_status parse_range(struct og_sweep_loader *l, struct og_sweep_axis *ax,
                                  yaml_node_t *n, const char *label, struct range *r)
{
  struct og_parse *p = &l->p;
  enum og_status st = read_range(l, n, label, r);
  if (st == OG_OK)
    st = alloc_values(p, ax, r->steps);
  for (size_t i = 0; st == OG_OK && i < r->steps; i++) {
    char buf[64];
    double v = range_value(r, i);
    if (!isfinite(v)) {
      og__sweep_here(p, "%s.%s", label, r->log ? "log" : "linear");
      return og__conf_fail(p, n, "value %zu is not a finite number", i);
    }
    number_text(v, buf, sizeof buf);
    ax->numbers[i] = v;
    if (!(ax->values[i] = malloc(strlen(buf) + strlen(r->unit) + 1)))
      return og__sweep_nomem(p);
    strcat(strcpy(ax->values[i], buf), r->unit);
  }
  if (st == OG_OK && r->unit[0] && !(ax->unit = strdup(r->unit)))
    return og__sweep_nomem(p);
  return st;
}

/* The axis's path: a scenario path, not swept twice, not also in set:. */
static enum og_status check_path(struct og_sweep_loader *l, yaml_node_t *n, const char *label,
                                 const char **path)
{
  struct og_parse *p = &l->p;
  og__sweep_here(p, "%s.path", label);
  enum og_status st = og__sweep_text(p, n, path);
  if (st != OG_OK)
    return st;
  if (strchr(*path, '=') || strchr(*path, ' '))
    return og__conf_fail(p, n, "expected a scenario path like 'verification.rate', got '%s'",
                         *path);
  if (!strcmp(*path, "seed"))
    return og__conf_fail(p, n, "the seed is not an axis: each task's seed comes from the "
                         "sweep's seed and replications");
  for (size_t a = 0; a < l->sw->n_axes; a++)
    if (!strcmp(l->sw->axes[a].path, *path))
      return og__conf_fail(p, n, "'%s' is already an axis (%s)", *path, l->where[a]);
  if (og__sweep_find_set(l->sw, *path, strlen(*path)) < l->sw->n_sets)
    return og__conf_fail(p, n, "'%s' is also in set: (which one should hold?)", *path);
  return OG_OK;
}

/* Which of values, linear and log the axis has (exactly one), and its unit. */
static enum og_status axis_kind(struct og_sweep_loader *l, yaml_node_t *n, yaml_node_t **how,
                                struct range *r)
{
  static const char *const kinds[] = {"values", "linear", "log"};
  struct og_parse *p = &l->p;
  int k = -1;
  for (int i = 0; i < 3; i++) {
    yaml_node_t *v = og__conf_get(p, n, kinds[i]);
    if (v && k >= 0)
      return og__conf_fail(p, v, "takes one of values, linear or log, not both %s and %s",
                           kinds[k], kinds[i]);
    if (v)
      k = i, *how = v;
  }
  if (k < 0)
    return og__conf_fail(p, n, "needs one of values, linear or log");
  r->log = k == 2;
  yaml_node_t *u = og__conf_get(p, n, "unit");
  if (!u)
    return OG_OK;
  size_t len = strlen(p->path);
  snprintf(p->path + len, sizeof p->path - len, ".unit");
  if (k == 0)
    return og__conf_fail(p, u, "only with linear or log (write it in each value)");
  return og__sweep_text(p, u, &r->unit);
}

static enum og_status push_axis(struct og_sweep_loader *l, const char *path, const char *label,
                                size_t dim)
{
  struct og_sweep *sw = l->sw;
  if (og_grow((void **)&sw->axes, &l->cap_axes, sw->n_axes + 1, sizeof *sw->axes, 8) ||
      og_grow((void **)&l->where, &l->cap_where, sw->n_axes + 1, sizeof *l->where, 8))
    return og__sweep_nomem(&l->p);
  struct og_sweep_axis *ax = &sw->axes[sw->n_axes++];
  *ax = (struct og_sweep_axis){.path = strdup(path), .dim = dim};
  snprintf(l->where[sw->n_axes - 1], sizeof *l->where, "%s", label);
  return ax->path ? OG_OK : og__sweep_nomem(&l->p);
}

static enum og_status parse_axis(struct og_sweep_loader *l, yaml_node_t *n, const char *label,
                                 size_t dim)
{
  static const char *const keys[] = {"path", "values", "linear", "log", "unit", NULL};
  struct og_parse *p = &l->p;
  struct range r = {.unit = ""};
  yaml_node_t *how = NULL, *pn;
  const char *path;
  og__sweep_here(p, "%s", label);
  enum og_status st = og__sweep_keys(p, n, "an axis: path, and values, linear or log", keys);
  if (st != OG_OK || (st = axis_kind(l, n, &how, &r)) != OG_OK)
    return st;
  og__sweep_here(p, "%s", label);
  if (!(pn = og__conf_get(p, n, "path")))
    return og__conf_fail(p, n, "missing required key 'path'");
  if ((st = check_path(l, pn, label, &path)) || (st = push_axis(l, path, label, dim)))
    return st;
  struct og_sweep_axis *ax = &l->sw->axes[l->sw->n_axes - 1];
  if (how == og__conf_get(p, n, "values"))
    return parse_values(l, ax, how, label);
  return parse_range(l, ax, how, label, &r);
}

static enum og_status push_dim(struct og_sweep_loader *l, size_t len)
{
  struct og_sweep *sw = l->sw;
  if (og_grow((void **)&sw->dim_len, &l->cap_dims, sw->n_dims + 1, sizeof *sw->dim_len, 8))
    return og__sweep_nomem(&l->p);
  sw->dim_len[sw->n_dims++] = len;
  return OG_OK;
}

enum og_status og__sweep_axes(struct og_sweep_loader *l, yaml_node_t *root)
{
  struct og_parse *p = &l->p;
  yaml_node_t *n = og__conf_get(p, root, "axes");
  og__sweep_here(p, "axes");
  if (n && n->type != YAML_SEQUENCE_NODE)
    return og__conf_fail(p, n, "expected a list of axes, not a %s", og__sweep_kind(n));
  for (size_t i = 0; n && i < og__sweep_len(n); i++) {
    char label[48];
    snprintf(label, sizeof label, "axes[%zu]", i);
    enum og_status st = parse_axis(l, og__conf_nth(p, n, i), label, l->sw->n_dims);
    if (st != OG_OK || (st = push_dim(l, l->sw->axes[l->sw->n_axes - 1].n_values)))
      return st;
  }
  return OG_OK;
}

static enum og_status parse_group(struct og_sweep_loader *l, yaml_node_t *g, size_t gi)
{
  struct og_parse *p = &l->p;
  og__sweep_here(p, "zip[%zu]", gi);
  if (g->type != YAML_SEQUENCE_NODE || !og__sweep_len(g))
    return og__conf_fail(p, g, "expected a list of axes that advance together");
  size_t first = l->sw->n_axes;
  for (size_t i = 0; i < og__sweep_len(g); i++) {
    char label[48];
    snprintf(label, sizeof label, "zip[%zu][%zu]", gi, i);
    yaml_node_t *n = og__conf_nth(p, g, i);
    enum og_status st = parse_axis(l, n, label, l->sw->n_dims);
    if (st != OG_OK)
      return st;
    size_t have = l->sw->axes[l->sw->n_axes - 1].n_values, want = l->sw->axes[first].n_values;
    og__sweep_here(p, "%s", label);
    if (have != want)
      return og__conf_fail(p, n, "has %zu values, zip[%zu][0] has %zu: the axes of a zip "
                           "group advance together", have, gi, want);
  }
  return push_dim(l, l->sw->axes[first].n_values);
}

enum og_status og__sweep_zip(struct og_sweep_loader *l, yaml_node_t *root)
{
  struct og_parse *p = &l->p;
  yaml_node_t *n = og__conf_get(p, root, "zip");
  og__sweep_here(p, "zip");
  if (n && n->type != YAML_SEQUENCE_NODE)
    return og__conf_fail(p, n, "expected a list of zip groups, not a %s", og__sweep_kind(n));
  for (size_t i = 0; n && i < og__sweep_len(n); i++) {
    enum og_status st = parse_group(l, og__conf_nth(p, n, i), i);
    if (st != OG_OK)
      return st;
  }
  return OG_OK;
}
