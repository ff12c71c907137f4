/* An arrival trace (workload.arrival: trace): its CSV read into rows of
 * time, token counts, model and message sizes, each error at the CSV's line. Column names
 * default per format (Azure LLM inference traces, BurstGPT, or any named
 * columns); docs/traces.md is the user's view. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "grow.h"
#include "scenario_internal.h"

enum { COL_TIME, COL_PROMPT, COL_OUTPUT, COL_MODEL, COL_REQ, COL_RESP, N_COLS };

/* Each format's column names: time, prompt, output, model, request and
 * response bytes (NULL: none). */
static const char *const defaults[][N_COLS] = {
  [OG_TRACE_AZURE] = {"TIMESTAMP", "ContextTokens", "GeneratedTokens", NULL, "request_bytes",
                      "response_bytes"},
  [OG_TRACE_BURSTGPT] = {"Timestamp", "Request tokens", "Response tokens", "Model",
                         "request_bytes", "response_bytes"},
  [OG_TRACE_COLUMNS] = {"time", "prompt", "output", "model", "request_bytes", "response_bytes"},
};

/* A trace's model name and the scenario model it stands for. */
struct model_map {
  const char *name;
  size_t model;
};

struct reader {
  struct og_parse *p;
  struct og_trace *t;
  struct og_csv csv;
  long col[N_COLS];
  struct model_map *map;
  size_t n_map;
  size_t cap[6];
  int started;
  long long sec0;  /* first row: whole seconds and fraction */
  double frac0, last;
};

static enum og_status fail_key(struct og_parse *p, yaml_node_t *root, const char *key,
                               const char *msg, const char *arg)
{
  yaml_node_t *tn = og__conf_get(p, og__conf_get(p, root, "workload"), "trace");
  yaml_node_t *at = key ? og__conf_get(p, tn, key) : NULL;
  snprintf(p->path, sizeof p->path, "workload.trace%s%s", key ? "." : "", key ? key : "");
  return og__conf_fail(p, at ? at : tn, msg, arg);
}

/* workload.trace.models: trace name -> scenario model name. */
static enum og_status read_models(struct reader *r, yaml_node_t *root)
{
  struct og_parse *p = r->p;
  yaml_node_t *mn = og__conf_get(p, og__conf_get(p, og__conf_get(p, root, "workload"), "trace"),
                                 "models");
  if (!mn)
    return OG_OK;
  if (mn->type != YAML_MAPPING_NODE)
    return fail_key(p, root, "models", "%s", "expected a mapping of trace model names to "
                    "scenario models, like {ChatGPT: llama-8b}");
  size_t n = (size_t)(mn->data.mapping.pairs.top - mn->data.mapping.pairs.start);
  if (!(r->map = calloc(n ? n : 1, sizeof *r->map)))
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  for (yaml_node_pair_t *pr = mn->data.mapping.pairs.start; pr < mn->data.mapping.pairs.top;
       pr++) {
    yaml_node_t *k = yaml_document_get_node(&p->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(&p->doc, pr->value);
    if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE)
      return fail_key(p, root, "models", "%s", "expected trace name: model pairs");
    long m = og_scenario_find_model(p->sc, (const char *)v->data.scalar.value);
    if (m < 0) {
      snprintf(p->path, sizeof p->path, "workload.trace.models.%s", k->data.scalar.value);
      return og__conf_fail(p, v, "no model '%s' in the scenario", v->data.scalar.value);
    }
    r->map[r->n_map++] = (struct model_map){(const char *)k->data.scalar.value, (size_t)m};
  }
  return OG_OK;
}

/* The columns used: each given name must be in the header; a format's
 * default must be too, except the model, the sizes and the columns
 * format's prompt and output (absent: the mix and the models' shapes and
 * sizes decide). */
static enum og_status find_columns(struct reader *r, yaml_node_t *root)
{
  struct og_trace *t = r->t;
  const char *given[N_COLS] = {t->columns.time, t->columns.prompt, t->columns.output,
                               t->columns.model, t->columns.request_bytes,
                               t->columns.response_bytes};
  static const char *const what[N_COLS] = {"time", "prompt", "output", "model",
                                           "request_bytes", "response_bytes"};
  for (int c = 0; c < N_COLS; c++) {
    const char *name = given[c] ? given[c] : defaults[t->format][c];
    r->col[c] = name ? og__csv_column(&r->csv, name) : -1;
    int needed = given[c] || c == COL_TIME ||
                 (c != COL_MODEL && c < COL_REQ && t->format != OG_TRACE_COLUMNS);
    if (r->col[c] < 0 && needed)
      return og_error_set(r->p->err, OG_EINVAL, "%s:1: no column '%s' (the trace's %s; name "
                          "it under workload.trace.columns.%s)", t->file, name, what[c],
                          what[c]);
  }
  t->has_prompt = r->col[COL_PROMPT] >= 0;
  t->has_output = r->col[COL_OUTPUT] >= 0;
  if (r->n_map && r->col[COL_MODEL] < 0)
    return fail_key(r->p, root, "models", "%s", "models mapped but the trace has no model "
                    "column (name it under workload.trace.columns.model)");
  return OG_OK;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar: the
 * year taken to start in March, so the leap day ends it. */
static long long days_from_epoch(long long y, int m, int d)
{
  if (m <= 2)
    y--;
  long long mp = m > 2 ? m - 3 : m + 9; /* months since March */
  long long days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * mp + 2) / 5 + d - 1;
  return days - 719468; /* the same count for 1970-03-01 minus 59 days */
}

/* "YYYY-MM-DD hh:mm:ss[.frac][Z|+hh:mm|-hh:mm]" (or 'T' between): whole
 * seconds since 1970 and the fraction apart, so long traces keep sub-
 * microsecond differences. */
static int parse_datetime(const char *s, long long *sec, double *frac)
{
  int y, mo, d, h, mi, se, n = 0;
  char sep;
  if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &se, &n) != 7 ||
      (sep != ' ' && sep != 'T') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      se > 60 || h < 0 || mi < 0 || se < 0)
    return -1;
  s += n;
  *frac = 0;
  if (*s == '.') {
    char *end;
    *frac = strtod(s, &end);
    s = end;
  }
  long long off = 0;
  int oh, om;
  if (*s == 'Z') {
    s++;
  } else if ((*s == '+' || *s == '-') && sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) == 2) {
    off = (*s == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
    s += 1 + n;
  }
  while (*s == ' ')
    s++;
  if (*s)
    return -1;
  *sec = days_from_epoch(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + se - off;
  return 0;
}

/* The row's time in s after the first row: a number of seconds, or a
 * date and time. */
static enum og_status row_time(struct reader *r, double *t)
{
  struct og_csv *csv = &r->csv;
  const char *s = csv->field[r->col[COL_TIME]];
  long long sec;
  double frac;
  char *end;
  while (*s == ' ')
    s++;
  double v = strtod(s, &end);
  if (*s && end != s && (*end == 0 || *end == ' ') && isfinite(v)) {
    sec = (long long)floor(v);
    frac = v - floor(v);
  } else if (parse_datetime(s, &sec, &frac) != 0) {
    return og_error_set(r->p->err, OG_EINVAL, "%s:%zu: column '%s': expected seconds or a date "
                        "and time like 2023-11-16 18:15:46.6805900, got '%s'", csv->path,
                        csv->line, csv->header[r->col[COL_TIME]], s);
  }
  if (!r->started) {
    r->started = 1;
    r->sec0 = sec;
    r->frac0 = frac;
  }
  *t = (double)(sec - r->sec0) + (frac - r->frac0);
  if (*t < r->last)
    return og_error_set(r->p->err, OG_EINVAL, "%s:%zu: column '%s': time goes backwards "
                        "(%.9g s after the first row, the row before was at %.9g s)",
                        csv->path, csv->line, csv->header[r->col[COL_TIME]], *t, r->last);
  r->last = *t;
  return OG_OK;
}

static enum og_status row_model(struct reader *r, uint32_t *model)
{
  *model = OG_TRACE_NO_MODEL;
  if (r->col[COL_MODEL] < 0)
    return OG_OK;
  const char *name = r->csv.field[r->col[COL_MODEL]];
  for (size_t i = 0; i < r->n_map; i++)
    if (!strcmp(r->map[i].name, name)) {
      *model = (uint32_t)r->map[i].model;
      return OG_OK;
    }
  long m = og_scenario_find_model(r->p->sc, name);
  if (m < 0)
    return og_error_set(r->p->err, OG_EINVAL, "%s:%zu: column '%s': model '%s' is neither a "
                        "scenario model nor mapped to one under workload.trace.models",
                        r->csv.path, r->csv.line, r->csv.header[r->col[COL_MODEL]], name);
  *model = (uint32_t)m;
  return OG_OK;
}

/* A row's message sizes: bytes[0] request, bytes[1] response (NAN: none). */
static enum og_status push_row(struct reader *r, double time, uint64_t prompt, uint64_t output,
                               uint32_t model, const double bytes[2])
{
  struct og_trace *t = r->t;
  size_t n = t->n_rows + 1;
  if (og_grow((void **)&t->t, &r->cap[0], n, sizeof *t->t, 256) ||
      og_grow((void **)&t->prompt, &r->cap[1], n, sizeof *t->prompt, 256) ||
      og_grow((void **)&t->output, &r->cap[2], n, sizeof *t->output, 256) ||
      og_grow((void **)&t->model, &r->cap[3], n, sizeof *t->model, 256) ||
      (r->col[COL_REQ] >= 0 &&
       og_grow((void **)&t->request_bytes, &r->cap[4], n, sizeof(double), 256)) ||
      (r->col[COL_RESP] >= 0 &&
       og_grow((void **)&t->response_bytes, &r->cap[5], n, sizeof(double), 256)))
    return og_error_set(r->p->err, OG_ENOMEM, "out of memory");
  t->t[t->n_rows] = time;
  t->prompt[t->n_rows] = (uint32_t)prompt;
  t->output[t->n_rows] = (uint32_t)output;
  t->model[t->n_rows] = model;
  if (t->request_bytes)
    t->request_bytes[t->n_rows] = bytes[0];
  if (t->response_bytes)
    t->response_bytes[t->n_rows] = bytes[1];
  t->n_rows = n;
  return OG_OK;
}

/* The row's sizes: a column's cell in bytes; NAN where the trace has no
 * such column or the cell is empty. */
static enum og_status row_bytes(struct reader *r, double bytes[2])
{
  for (int k = 0; k < 2; k++) {
    long col = r->col[COL_REQ + k];
    bytes[k] = NAN;
    if (col >= 0 && !og__csv_empty(&r->csv, col)) {
      enum og_status st = og__csv_bytes(&r->csv, col, &bytes[k], r->p->err);
      if (st != OG_OK)
        return st;
    }
  }
  return OG_OK;
}

static enum og_status one_row(struct reader *r)
{
  struct og_error *err = r->p->err;
  double time = 0;
  uint64_t prompt = 0, output = 0;
  uint32_t model;
  double bytes[2];
  enum og_status st = row_time(r, &time);
  if (st == OG_OK && r->col[COL_PROMPT] >= 0)
    st = og__csv_count(&r->csv, r->col[COL_PROMPT], UINT32_MAX, &prompt, err);
  if (st == OG_OK && r->col[COL_OUTPUT] >= 0)
    st = og__csv_count(&r->csv, r->col[COL_OUTPUT], UINT32_MAX, &output, err);
  if (st == OG_OK)
    st = row_model(r, &model);
  if (st == OG_OK)
    st = row_bytes(r, bytes);
  if (st != OG_OK)
    return st;
  if (r->col[COL_OUTPUT] >= 0 && output == 0 && !r->t->keep_failures) {
    r->t->skipped++;
    return OG_OK;
  }
  return push_row(r, time, prompt, output, model, bytes);
}

static enum og_status read_rows(struct reader *r, yaml_node_t *root)
{
  enum og_status st = og__csv_open(&r->csv, r->t->file, r->p->err);
  if (st != OG_OK)
    return st;
  if ((st = find_columns(r, root)) != OG_OK)
    return st;
  for (int more = 1; st == OG_OK;) {
    if ((st = og__csv_next(&r->csv, &more, r->p->err)) != OG_OK || !more)
      break;
    st = one_row(r);
  }
  if (st == OG_OK && r->t->n_rows == 0)
    st = og_error_set(r->p->err, OG_EINVAL, "%s: no rows to replay (%zu with 0 output tokens "
                      "skipped; keep them with workload.trace.keep_failures)", r->t->file,
                      r->t->skipped);
  return st;
}

enum og_status og__scn_trace(struct og_parse *p, yaml_node_t *root)
{
  struct og_trace *t = &p->sc->workload.trace;
  if (p->sc->workload.arrival != OG_ARRIVAL_TRACE)
    return OG_OK;
  if (og__conf_resolve_path(p, &t->file) != OG_OK)
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  struct reader r = {.p = p, .t = t};
  enum og_status st = read_models(&r, root);
  if (st == OG_OK)
    st = read_rows(&r, root);
  og__csv_close(&r.csv);
  free(r.map);
  return st;
}

void og__scn_trace_free(struct og_trace *t)
{
  free(t->file);
  free(t->columns.time);
  free(t->columns.prompt);
  free(t->columns.output);
  free(t->columns.model);
  free(t->columns.request_bytes);
  free(t->columns.response_bytes);
  free(t->t);
  free(t->prompt);
  free(t->output);
  free(t->model);
  free(t->request_bytes);
  free(t->response_bytes);
}

double og_trace_rate(const struct og_trace *t, double duration)
{
  size_t n = 0;
  while (n < t->n_rows && t->t[n] / t->speedup < duration)
    n++;
  if (n == 0)
    return 0;
  double span = fmin(duration, t->t[n - 1] / t->speedup);
  return (double)n * t->rate_scale / (span > 0 ? span : duration);
}
