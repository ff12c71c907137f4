/* Printing a sweep results file for humans: its provenance, then /stats as
 * a table, one row per point, metrics as "mean ± 95% CI half-width" (mean
 * to 4 significant digits, half-width to 2). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Metrics shown when none are asked for (those the file has). */
static const char *const default_metrics[] = {
  "throughput", "latency_p99", "detections", "cheaters_caught",
  "profit_per_result_honest", "profit_per_result_dishonest", "cost_per_1000_requests",
};
enum { N_DEFAULT = sizeof default_metrics / sizeof default_metrics[0], MAX_SHOWN = 64 };

/* One printed cell: a value, or a mean and the half-width of its interval. */
struct cell {
  char a[40], b[24];
};

/* One printed column: up to two header lines (a long metric name is split
 * at an underscore), a unit line, and its cells. */
struct pcol {
  char head[2][48];
  const char *unit;
  int left;            /* text: left-aligned */
  size_t wa, wb, w;    /* widths of the two parts of the cells, of the column */
  struct cell *cells;
};

static const struct og_attr *attr(const struct og_results_summary *s, const char *name)
{
  for (size_t i = 0; i < s->n_attrs; i++)
    if (!strcmp(s->attrs[i].name, name))
      return &s->attrs[i];
  return NULL;
}

static const char *text_of(const struct og_results_summary *s, const char *name)
{
  const struct og_attr *a = attr(s, name);
  return a && a->text ? a->text : "?";
}

static double num_of(const struct og_results_summary *s, const char *name)
{
  const struct og_attr *a = attr(s, name);
  return a && !a->text ? a->value : -1;
}

static double scalar_of(const struct og_results_summary *s, const char *name)
{
  for (size_t i = 0; i < s->n_summary; i++)
    if (!strcmp(s->summary[i].name, name))
      return s->summary[i].value;
  return -1;
}

static void print_provenance(FILE *f, const char *path, const struct og_results_summary *s)
{
  const char *sets = text_of(s, "sets");
  fprintf(f, "%s\n  sweep                      %s (%s)\n", path, text_of(s, "sweep_name"),
          text_of(s, "sweep_path"));
  fprintf(f, "  base scenario              %s\n", text_of(s, "base_path"));
  fprintf(f, "  points                     %.0f x %.0f replications = %.0f tasks (%.0f in this "
          "file)\n", num_of(s, "n_points"), num_of(s, "replications"), num_of(s, "n_tasks"),
          scalar_of(s, "tasks_done"));
  fprintf(f, "  seed                       %s%s\n", text_of(s, "seed"),
          num_of(s, "crn") == 1 ? " (common random numbers: replicate r has one seed at "
                                  "every point)" : "");
  fprintf(f, "  shard                      %.0f of %.0f\n", num_of(s, "shard_index"),
          num_of(s, "shard_count"));
  fprintf(f, "  sweep id                   %s   ogsim %s (%s)\n", text_of(s, "sweep_id"),
          text_of(s, "ogsim_version"), text_of(s, "git_revision"));
  for (const char *p = sets; *sets && p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
    fprintf(f, "  %-26s %.*s\n", p == sets ? "set" : "", (int)strcspn(p, "\n"), p);
}

static const struct og_column *column(const struct og_table *t, const char *name)
{
  for (size_t c = 0; c < t->n_cols; c++)
    if (!strcmp(t->cols[c].name, name))
      return &t->cols[c];
  return NULL;
}

/* Index of metric `name` in /metrics, or -1. */
static long metric_index(const struct og_table *meta, const char *name, size_t len)
{
  const char *const *names = meta->cols[0].data;
  for (size_t i = 0; i < meta->n_rows; i++)
    if (strlen(names[i]) == len && !strncmp(names[i], name, len))
      return (long)i;
  return -1;
}

int og_cli_unknown_metric(const struct og_table *meta, const char *name, size_t len)
{
  const char *const *names = meta->cols[0].data;
  fprintf(stderr, "ogsim: report: no metric '%.*s' in this file; available:", (int)len, name);
  for (size_t i = 0; i < meta->n_rows; i++)
    fprintf(stderr, "%s %s", i ? "," : "", names[i]);
  fputc('\n', stderr);
  return OG_EXIT_USAGE;
}

/* The metrics to show (indices into /metrics): those of the comma-separated
 * list, else the default ones present. 0, or an exit code having said why. */
static int select_metrics(const struct og_table *meta, const char *list, size_t *sel, size_t *n)
{
  *n = 0;
  for (size_t i = 0; !list && i < N_DEFAULT; i++) {
    long k = metric_index(meta, default_metrics[i], strlen(default_metrics[i]));
    if (k >= 0)
      sel[(*n)++] = (size_t)k;
  }
  for (const char *p = list; p && *p && *n < MAX_SHOWN;) {
    size_t len = strcspn(p, ",");
    long k = len ? metric_index(meta, p, len) : -1;
    if (k < 0)
      return og_cli_unknown_metric(meta, p, len);
    sel[(*n)++] = (size_t)k;
    p += len + (p[len] == ',');
  }
  return OG_EXIT_OK;
}

/* Header of a metric column: its name, split at the underscore that best
 * halves it when longer than `width`. */
static void set_head(struct pcol *pc, const char *name, size_t width)
{
  size_t len = strlen(name), best = 0, best_cost = len;
  for (size_t i = 1; len > width && i < len; i++) {
    size_t cost = i > len - i ? i : len - i;
    if (name[i] == '_' && cost < best_cost)
      best = i, best_cost = cost;
  }
  snprintf(pc->head[0], sizeof pc->head[0], "%.*s", (int)(best ? best : len), name);
  snprintf(pc->head[1], sizeof pc->head[1], "%s", best ? name + best : "");
}

static void fill_cell(struct pcol *pc, size_t r, const struct og_column *c)
{
  struct cell *x = &pc->cells[r];
  switch (c->type) {
  case OG_COL_STR: snprintf(x->a, sizeof x->a, "%s", ((char *const *)c->data)[r]); break;
  case OG_COL_I64: snprintf(x->a, sizeof x->a, "%lld", (long long)((const int64_t *)c->data)[r]); break;
  case OG_COL_U32: snprintf(x->a, sizeof x->a, "%u", (unsigned)((const uint32_t *)c->data)[r]); break;
  case OG_COL_F64: snprintf(x->a, sizeof x->a, "%.6g", ((const double *)c->data)[r]); break;
  }
}

/* x to two significant digits: 0.0012, 3.4, 340 (not 3.4e+02), 3.4e+06. */
static void two_digits(char *buf, size_t size, double x)
{
  double a = fabs(x);
  if (a >= 10 && a < 1e6) {
    double unit = pow(10, floor(log10(a)) - 1);
    snprintf(buf, size, "%.0f", round(x / unit) * unit);
  } else
    snprintf(buf, size, "%.2g", x);
}

/* The mean ± ci95 cells of metric `name`; 0, or -1 when /stats lacks it. */
static int metric_cells(struct pcol *pc, const struct og_table *st, const char *name)
{
  char col[160];
  snprintf(col, sizeof col, "%s_mean", name);
  const struct og_column *mean = column(st, col);
  snprintf(col, sizeof col, "%s_ci95", name);
  const struct og_column *ci = column(st, col);
  if (!mean || !ci || mean->type != OG_COL_F64 || ci->type != OG_COL_F64)
    return -1;
  for (size_t r = 0; r < st->n_rows; r++) {
    double m = ((const double *)mean->data)[r], h = ((const double *)ci->data)[r];
    if (isnan(m))
      strcpy(pc->cells[r].a, "-");
    else
      snprintf(pc->cells[r].a, sizeof pc->cells[r].a, "%.4g", m);
    if (!isnan(h))
      two_digits(pc->cells[r].b, sizeof pc->cells[r].b, h);
  }
  return 0;
}

static void widths(struct pcol *pc, size_t rows)
{
  size_t h = strlen(pc->head[0]);
  h = strlen(pc->head[1]) > h ? strlen(pc->head[1]) : h;
  h = strlen(pc->unit) > h ? strlen(pc->unit) : h;
  for (size_t r = 0; r < rows; r++) {
    size_t a = strlen(pc->cells[r].a), b = strlen(pc->cells[r].b);
    pc->wa = a > pc->wa ? a : pc->wa;
    pc->wb = b > pc->wb ? b : pc->wb;
  }
  pc->w = pc->wa + (pc->wb ? 3 + pc->wb : 0);
  if (pc->w < h) { /* widen the mean part: the ± stay aligned */
    pc->wa += h - pc->w;
    pc->w = h;
  }
}

/* A line being put together, printed without its trailing blanks. */
struct line {
  char buf[4096];
  size_t len;
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct line *l, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(l->buf + l->len, sizeof l->buf - l->len, fmt, ap);
  va_end(ap);
  if (n > 0)
    l->len = l->len + (size_t)n < sizeof l->buf ? l->len + (size_t)n : sizeof l->buf - 1;
}

static void flush(FILE *f, struct line *l)
{
  while (l->len && l->buf[l->len - 1] == ' ')
    l->len--;
  if (l->len)
    fprintf(f, "%.*s\n", (int)l->len, l->buf);
  l->len = 0;
}

static void put_cell(struct line *l, const struct pcol *pc, size_t r)
{
  const struct cell *x = &pc->cells[r];
  put(l, "  %*s", pc->left ? -(int)pc->wa : (int)pc->wa, x->a);
  if (pc->wb && *x->b)
    put(l, " ± %-*s", (int)pc->wb, x->b);
  else if (pc->wb)
    put(l, "   %-*s", (int)pc->wb, "");
}

/* Header lines (an empty one is left out), then the rows. */
static void print_table(FILE *f, struct pcol *pc, size_t n, size_t rows)
{
  struct line l = {.len = 0};
  for (int row = 0; row < 3; row++) {
    for (size_t i = 0; i < n; i++)
      put(&l, "  %*s", pc[i].left ? -(int)pc[i].w : (int)pc[i].w,
          row < 2 ? pc[i].head[row] : pc[i].unit);
    flush(f, &l);
  }
  for (size_t r = 0; r < rows; r++) {
    for (size_t i = 0; i < n; i++)
      put_cell(&l, &pc[i], r);
    flush(f, &l);
  }
}

/* Columns: the axes (from /axes, as /stats names them), n, the metrics. */
static int build_columns(struct pcol *pc, size_t *n, const struct og_table *st,
                         const struct og_table *axes, const struct og_table *meta,
                         const size_t *sel, size_t n_sel)
{
  const char *const *paths = axes->cols[0].data, *const *units = meta->cols[1].data;
  const char *const *names = meta->cols[0].data;
  size_t k = 0;
  for (size_t a = 0; a <= axes->n_rows; a++, k++) {
    const struct og_column *c = column(st, a < axes->n_rows ? paths[a] : "n");
    if (!c || !(pc[k].cells = calloc(st->n_rows + 1, sizeof *pc[k].cells)))
      return -1;
    snprintf(pc[k].head[0], sizeof pc[k].head[0], "%s", c->name);
    pc[k].unit = "";
    pc[k].left = c->type == OG_COL_STR;
    for (size_t r = 0; r < st->n_rows; r++)
      fill_cell(&pc[k], r, c);
  }
  for (size_t i = 0; i < n_sel; i++, k++) {
    if (!(pc[k].cells = calloc(st->n_rows + 1, sizeof *pc[k].cells)) ||
        metric_cells(&pc[k], st, names[sel[i]]))
      return -1;
    set_head(&pc[k], names[sel[i]], 12);
    pc[k].unit = units[sel[i]];
  }
  *n = k;
  for (size_t i = 0; i < k; i++)
    widths(&pc[i], st->n_rows);
  return 0;
}

static int print_stats(FILE *f, const struct og_table *st, const struct og_table *axes,
                       const struct og_table *meta, const size_t *sel, size_t n_sel)
{
  size_t n = 0, cap = axes->n_rows + 1 + n_sel;
  int rc = OG_EXIT_OK;
  struct pcol *pc = calloc(cap, sizeof *pc);
  if (!pc || build_columns(pc, &n, st, axes, meta, sel, n_sel)) {
    fprintf(stderr, "ogsim: report: /stats does not match /axes and /metrics\n");
    rc = OG_EXIT_USAGE;
  } else if (st->n_rows == 0) {
    fprintf(f, "no point has all its replicates in this file (see /points)\n");
  } else {
    fprintf(f, "by point (mean ± half-width of the 95%% confidence interval over n replicates):\n");
    print_table(f, pc, n, st->n_rows);
  }
  for (size_t i = 0; pc && i < cap; i++)
    free(pc[i].cells);
  free(pc);
  return rc;
}

int og_cli_print_sweep(FILE *f, const char *path, const char *metrics)
{
  struct og_results_summary *s = NULL;
  struct og_table *st = NULL, *axes = NULL, *meta = NULL;
  struct og_error err = {{0}};
  size_t sel[MAX_SHOWN], n_sel = 0;
  int rc = OG_EXIT_USAGE;
  if (og_results_read_summary(path, &s, &err) == OG_OK &&
      og_results_read_table(path, "stats", &st, &err) == OG_OK &&
      og_results_read_table(path, "axes", &axes, &err) == OG_OK &&
      og_results_read_table(path, "metrics", &meta, &err) == OG_OK) {
    if (axes->n_cols < 1 || meta->n_cols < 2 || axes->cols[0].type != OG_COL_STR ||
        meta->cols[0].type != OG_COL_STR || meta->cols[1].type != OG_COL_STR)
      fprintf(stderr, "ogsim: report: '%s': /axes or /metrics is malformed\n", path);
    else if ((rc = select_metrics(meta, metrics, sel, &n_sel)) == OG_EXIT_OK) {
      print_provenance(f, path, s);
      rc = print_stats(f, st, axes, meta, sel, n_sel);
    }
  } else
    fprintf(stderr, "ogsim: %s\n", err.msg);
  og_results_table_free(meta);
  og_results_table_free(axes);
  og_results_table_free(st);
  og_results_summary_free(s);
  return rc;
}
