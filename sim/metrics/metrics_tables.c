/* The tables of a results file: /timeseries, /nodes, /classes, /placement,
 * /models (metrics_models.c) and the optional /requests trace, as columns over what metrics.c collected. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"
#include "profit.h"

struct og_table_builder og__metrics_table(struct og_metrics *m, const char *name, size_t rows,
                                          int compound)
{
  size_t k = m->n_tables;
  if (og_grow((void **)&m->tables, &m->cap_tables, k + 1, sizeof *m->tables, 8) ||
      og_grow((void **)&m->cols, &m->cap_cols, k + 1, sizeof *m->cols, 8))
    return (struct og_table_builder){m, 0, 1};
  m->n_tables++;
  m->tables[k] = (struct og_table){.name = name, .n_rows = rows, .compound = compound};
  m->cols[k] = (struct og_metrics_cols){0};
  return (struct og_table_builder){m, k, 0};
}

const char *og__metrics_unit(const struct og_metrics *m, const char *unit)
{
  const char *cur = m->sc->economics.currency;
  return unit && !strcmp(unit, OG_MONEY) && cur ? cur : unit;
}

void *og__metrics_col(struct og_table_builder *b, const char *name, const char *unit,
                      const char *desc, enum og_coltype type)
{
  static const size_t size[] = {[OG_COL_F64] = 8, [OG_COL_I64] = 8, [OG_COL_U32] = 4,
                                [OG_COL_STR] = sizeof(char *)};
  if (b->oom)
    return NULL;
  struct og_table *t = &b->m->tables[b->k];
  struct og_metrics_cols *c = &b->m->cols[b->k];
  void *data = og__metrics_own(b->m, t->n_rows * size[type]);
  if (!data || og_grow((void **)&c->v, &c->cap, t->n_cols + 1, sizeof *c->v, 16)) {
    b->oom = 1;
    return NULL;
  }
  c->v[t->n_cols++] = (struct og_column){.name = name, .unit = og__metrics_unit(b->m, unit),
                                         .type = type, .data = data, .desc = desc};
  t->cols = c->v;
  return data;
}

void og__metrics_labels(struct og_table_builder *b, const char *const *labels, size_t n)
{
  struct og_table *t = &b->m->tables[b->k];
  if (b->oom || !t->n_cols)
    return;
  b->m->cols[b->k].v[t->n_cols - 1].labels = labels;
  b->m->cols[b->k].v[t->n_cols - 1].n_labels = n;
}

/* Code labels, owned by m's outputs (NULL when out of memory): the model
 * names, class names, region names or the client groups' regions. */
enum { L_MODEL, L_CLASS, L_REGION, L_CLIENT };
static const char **labels(struct og_metrics *m, int which, size_t *n)
{
  const struct og_scenario *sc = m->sc;
  size_t len[] = {sc->n_models, sc->n_classes, sc->n_regions, sc->workload.n_clients};
  *n = len[which];
  const char **v = og__metrics_own(m, (*n ? *n : 1) * sizeof *v);
  for (size_t i = 0; v && i < *n; i++)
    v[i] = which == 0   ? sc->models[i].name
           : which == 1 ? sc->classes[i].name
           : which == 2 ? sc->regions[i].name
                        : sc->regions[sc->workload.clients[i].region].name;
  return v;
}

/* Name the last column's codes by `what` (see labels). */
static void label_col(struct og_table_builder *b, int what)
{
  size_t n;
  const char **v = b->oom ? NULL : labels(b->m, what, &n);
  if (!v && !b->oom)
    b->oom = 1;
  else if (v)
    og__metrics_labels(b, v, n);
}

/* The codes of /requests.status (OG_REC_*). */
static const char *const status_names[] = {"ok", "failed", "unfinished"};

/* Bins up to the last one with activity (at least through `duration`). */
static size_t used_bins(const struct og_metrics *m)
{
  size_t n = (size_t)ceil(m->t1 / m->dt), nc = m->sc->n_classes;
  for (size_t b = n; b < m->n_bins; b++) {
    int any = m->bin_completed[b] || m->bin_timeouts[b] || m->bin_issued[b];
    for (size_t c = 0; c < nc && !any; c++)
      any = m->bin_busy[b * nc + c] > 0;
    if (any)
      n = b + 1;
  }
  return n < m->n_bins ? n : m->n_bins;
}

/* 99th percentile latency of completions per bin: group by bin, sort each
 * (or each bin's sketch). */
static int bin_p99(struct og_metrics *m, size_t nb, double *out)
{
  size_t n = m->lat.n;
  if (m->sketch) {
    og__metrics_sketch_bin_p99(m, nb, out);
    return 0;
  }
  size_t *start = og__metrics_own(m, (nb + 1) * sizeof *start);
  double *grouped = og__metrics_own(m, n * sizeof *grouped);
  if (!start || !grouped)
    return -1;
  for (size_t i = 0; i < n; i++) {
    size_t b = (size_t)(m->lat_done.v[i] / m->dt);
    start[(b < nb ? b : nb - 1) + 1]++;
  }
  for (size_t b = 0; b < nb; b++)
    start[b + 1] += start[b];
  size_t *fill = og__metrics_own(m, nb * sizeof *fill);
  if (!fill)
    return -1;
  memcpy(fill, start, nb * sizeof *fill);
  for (size_t i = 0; i < n; i++) {
    size_t b = (size_t)(m->lat_done.v[i] / m->dt);
    grouped[fill[b < nb ? b : nb - 1]++] = m->lat.v[i];
  }
  for (size_t b = 0; b < nb; b++) {
    og_sort_doubles(grouped + start[b], start[b + 1] - start[b]);
    out[b] = og_percentile_sorted(grouped + start[b], start[b + 1] - start[b], 0.99);
  }
  return 0;
}

static int timeseries(struct og_metrics *m)
{
  const struct og_scenario *sc = m->sc;
  size_t nb = used_bins(m), nc = sc->n_classes;
  struct og_table_builder b = og__metrics_table(m, "timeseries", nb, 0);
  double *t = og__metrics_col(&b, "t", "s", "start of the bin", OG_COL_F64);
  int64_t *iss = og__metrics_col(&b, "issued", "", "requests issued in the bin", OG_COL_I64);
  int64_t *done = og__metrics_col(&b, "completed", "", "requests completed in the bin", OG_COL_I64);
  int64_t *tmo = og__metrics_col(&b, "timeouts", "",
                                 "attempts that timed out in the bin", OG_COL_I64);
  double *thr = og__metrics_col(&b, "throughput", "1/s",
                                "completions in the bin per second", OG_COL_F64);
  double *lmean = og__metrics_col(&b, "latency_mean", "s",
      "mean latency of the bin's completions, issue to response (NaN: none)", OG_COL_F64);
  double *lp99 = og__metrics_col(&b, "latency_p99", "s",
                                 "99th percentile latency of the bin's completions", OG_COL_F64);
  double *util = og__metrics_col(&b, "utilisation", "",
      "busy node-seconds over node-seconds of all nodes in the bin", OG_COL_F64);
  if (b.oom || bin_p99(m, nb, lp99) != 0)
    return -1;
  for (size_t i = 0; i < nb; i++) {
    t[i] = (double)i * m->dt;
    iss[i] = (int64_t)m->bin_issued[i];
    done[i] = (int64_t)m->bin_completed[i];
    tmo[i] = (int64_t)m->bin_timeouts[i];
    thr[i] = (double)m->bin_completed[i] / m->dt;
    lmean[i] = m->bin_completed[i] ? m->bin_lat_sum[i] / (double)m->bin_completed[i] : NAN;
    double busy = 0;
    for (size_t c = 0; c < nc; c++)
      busy += m->bin_busy[i * nc + c];
    util[i] = m->n_nodes ? busy / ((double)m->n_nodes * m->dt) : NAN;
  }
  for (size_t c = 0; c < nc; c++) {
    size_t len = strlen(sc->classes[c].name) + 16;
    char *name = og__metrics_own(m, len);
    double *u = og__metrics_col(&b, name, "",
        "busy node-seconds of the class over its node count x the bin "
        "(utilisation_<class>)", OG_COL_F64);
    if (!name || !u)
      return -1;
    snprintf(name, len, "utilisation_%s", sc->classes[c].name);
    for (size_t i = 0; i < nb; i++)
      u[i] = m->bin_busy[i * nc + c] / ((double)sc->classes[c].count * m->dt);
  }
  if (og__metrics_demand_columns(m, &b, nb) != OG_OK)
    return -1;
  return og__metrics_churn_columns(m, &b, nb) == OG_OK ? 0 : -1;
}

static int nodes(struct og_metrics *m, const struct og_node_stats *ns,
                 const struct og_cheat_stats *cs, const int *dishonest)
{
  const struct og_scenario *sc = m->sc;
  size_t n = m->n_nodes;
  double window = m->t1 - m->t0;
  struct og_table_builder b = og__metrics_table(m, "nodes", n, 1);
  uint32_t *id = og__metrics_col(&b, "id", "", "node index", OG_COL_U32);
  uint32_t *cls = og__metrics_col(&b, "class", "",
                                  "node class (code: labels_class, /classes row)", OG_COL_U32);
  label_col(&b, L_CLASS);
  uint32_t *reg = og__metrics_col(&b, "region", "", "region (code: labels_region)", OG_COL_U32);
  label_col(&b, L_REGION);
  int64_t *served = og__metrics_col(&b, "served", "", "results the node delivered", OG_COL_I64);
  int64_t *batches = og__metrics_col(&b, "batches", "",
                                     "batches (or iterations) the node ran", OG_COL_I64);
  int64_t *wasted = og__metrics_col(&b, "wasted", "",
      "requests computed whose answer was no longer wanted (timed out, failed over)", OG_COL_I64);
  int64_t *fails = og__metrics_col(&b, "failures", "", "times the node failed", OG_COL_I64);
  double *busy = og__metrics_col(&b, "busy", "s", "time the node spent computing", OG_COL_F64);
  double *down = og__metrics_col(&b, "down", "s", "time the node was failed", OG_COL_F64);
  double *online = og__metrics_col(&b, "online", "s", "time the node was online", OG_COL_F64);
  double *util = og__metrics_col(&b, "utilisation", "",
                                 "busy over the window (warmup to end of duration)", OG_COL_F64);
  int64_t *maxq = og__metrics_col(&b, "max_queue", "", "longest queue the node had", OG_COL_I64);
  uint32_t *cheat = og__metrics_col(&b, "dishonest", "",
                                    "1 for a dishonest node, else 0", OG_COL_U32);
  double *revenue = og__metrics_col(&b, "revenue", OG_MONEY, "fees the node earned", OG_COL_F64);
  double *rewards = og__metrics_col(&b, "rewards", OG_MONEY,
      "validator and whistleblower rewards the node earned", OG_COL_F64);
  double *cost = og__metrics_col(&b, "cost", OG_MONEY,
                                 "operating cost of the node's busy time", OG_COL_F64);
  double *slashed = og__metrics_col(&b, "slashed", OG_MONEY,
                                    "stake taken from the node", OG_COL_F64);
  double *profit = og__metrics_col(&b, "profit", OG_MONEY,
                                   "revenue + rewards - cost - slashed", OG_COL_F64);
  if (b.oom)
    return -1;
  for (size_t i = 0; i < n; i++) {
    id[i] = (uint32_t)i;
    cls[i] = m->node_class[i];
    reg[i] = (uint32_t)sc->classes[m->node_class[i]].region;
    served[i] = (int64_t)ns[i].served;
    batches[i] = (int64_t)ns[i].batches;
    wasted[i] = (int64_t)ns[i].wasted;
    fails[i] = (int64_t)ns[i].failures;
    busy[i] = ns[i].busy;
    down[i] = ns[i].down;
    online[i] = ns[i].online;
    util[i] = ns[i].busy / window;
    maxq[i] = (int64_t)ns[i].max_queue;
    cheat[i] = dishonest[i] != 0;
    revenue[i] = cs[i].revenue;
    rewards[i] = cs[i].rewards;
    cost[i] = og__metrics_node_cost(m, i, cs[i].busy_all);
    slashed[i] = cs[i].slashed;
    profit[i] = og_profit(revenue[i], rewards[i], cost[i], slashed[i]);
  }
  return 0;
}

static int classes(struct og_metrics *m, const struct og_node_stats *ns)
{
  const struct og_scenario *sc = m->sc;
  size_t nc = sc->n_classes;
  struct og_table_builder b = og__metrics_table(m, "classes", nc, 1);
  const char **name = og__metrics_col(&b, "name", "", "node class", OG_COL_STR);
  const char **region = og__metrics_col(&b, "region", "", "the class's region", OG_COL_STR);
  int64_t *count = og__metrics_col(&b, "count", "", "nodes of the class", OG_COL_I64);
  double *peak = og__metrics_col(&b, "peak_flops", "FLOP/s",
                                 "peak compute of one node", OG_COL_F64);
  double *util = og__metrics_col(&b, "utilisation", "",
      "busy node-seconds over online node-seconds in the window", OG_COL_F64);
  int64_t *served = og__metrics_col(&b, "served", "",
                                    "results the class's nodes delivered", OG_COL_I64);
  const double *online = og__metrics_class_online(m, ns);
  if (b.oom || !online)
    return -1;
  for (size_t c = 0; c < nc; c++) {
    name[c] = sc->classes[c].name;
    region[c] = sc->regions[sc->classes[c].region].name;
    count[c] = (int64_t)sc->classes[c].count;
    peak[c] = sc->classes[c].peak_flops;
    util[c] = m->class_busy[c] / online[c];
  }
  for (size_t i = 0; i < m->n_nodes; i++)
    served[m->node_class[i]] += (int64_t)ns[i].served;
  return 0;
}

static int requests(struct og_metrics *m)
{
  size_t n = m->n_trace;
  struct og_table_builder b = og__metrics_table(m, "requests", n, 1);
  int64_t *id = og__metrics_col(&b, "id", "", "request id, in issue order", OG_COL_I64);
  uint32_t *client = og__metrics_col(&b, "client", "",
      "client group (code: labels_client, the region it issues from)", OG_COL_U32);
  label_col(&b, L_CLIENT);
  uint32_t *model = og__metrics_col(&b, "model", "", "model (code: labels_model)", OG_COL_U32);
  label_col(&b, L_MODEL);
  uint32_t *node = og__metrics_col(&b, "node", "",
                                   "node of the last attempt (4294967295: none)", OG_COL_U32);
  uint32_t *att = og__metrics_col(&b, "attempts", "",
                                  "attempts: 1 + retries after timeouts", OG_COL_U32);
  uint32_t *fo = og__metrics_col(&b, "failovers", "",
                                 "re-routings after node failures", OG_COL_U32);
  uint32_t *status = og__metrics_col(&b, "status", "", "outcome (code: labels_status)", OG_COL_U32);
  og__metrics_labels(&b, status_names, sizeof status_names / sizeof *status_names);
  uint32_t *pt = og__metrics_col(&b, "prompt_tokens", "", "prompt tokens", OG_COL_U32);
  uint32_t *ot = og__metrics_col(&b, "output_tokens", "", "output tokens", OG_COL_U32);
  double *rqb = og__metrics_col(&b, "request_bytes", "B",
                                "size of the request message", OG_COL_F64);
  double *rsb = og__metrics_col(&b, "response_bytes", "B",
                                "size of the response message", OG_COL_F64);
  double *tv[6];
  static const char *const tn[6] = {"t_issue", "t_ready", "t_start", "t_first", "t_finish",
                                    "t_done"};
  static const char *const td[6] = {
    "time the client issued it", "time it reached its node (after routing and the network)",
    "time its batch began", "time its first token reached the client",
    "time its node finished it", "time the response reached the client"};
  for (int k = 0; k < 6; k++)
    tv[k] = og__metrics_col(&b, tn[k], "s", td[k], OG_COL_F64);
  if (b.oom)
    return -1;
  for (size_t i = 0; i < n; i++) {
    const struct og_req_record *r = &m->trace[i];
    id[i] = (int64_t)r->id;
    client[i] = r->client;
    model[i] = r->model;
    node[i] = r->node;
    att[i] = r->attempts;
    fo[i] = r->failovers;
    status[i] = (uint32_t)r->status;
    pt[i] = r->prompt_tokens;
    ot[i] = r->output_tokens;
    rqb[i] = r->request_bytes;
    rsb[i] = r->response_bytes;
    double v[6] = {r->t_issue, r->t_ready, r->t_start, r->t_first, r->t_finish, r->t_done};
    for (int k = 0; k < 6; k++)
      tv[k][i] = v[k];
  }
  return 0;
}

static int outputs(struct og_metrics *m)
{
  struct og_table_builder b = og__metrics_table(m, "outputs", m->n_outputs, 1);
  int64_t *id = og__metrics_col(&b, "request", "", "request id (/requests.id)", OG_COL_I64);
  uint32_t *node = og__metrics_col(&b, "node", "", "node that computed the output", OG_COL_U32);
  uint32_t *model = og__metrics_col(&b, "model", "", "model (code: labels_model)", OG_COL_U32);
  label_col(&b, L_MODEL);
  double *d = og__metrics_col(&b, "distance", "",
      "relative L2 distance of the output to the verifier's recomputation", OG_COL_F64);
  if (b.oom)
    return -1;
  for (size_t i = 0; i < m->n_outputs; i++) {
    id[i] = (int64_t)m->outputs[i].id;
    node[i] = m->outputs[i].node;
    model[i] = m->outputs[i].model;
    d[i] = m->outputs[i].distance;
  }
  return 0;
}

/* One row per dishonest node. */
static int cheaters(struct og_metrics *m, const struct og_cheat_stats *cs, const int *dishonest)
{
  size_t n = 0;
  for (size_t i = 0; i < m->n_nodes; i++)
    n += dishonest[i] != 0;
  struct og_table_builder b = og__metrics_table(m, "cheaters", n, 1);
  uint32_t *node = og__metrics_col(&b, "node", "", "node index of the dishonest node", OG_COL_U32);
  int64_t *cheats = og__metrics_col(&b, "cheats", "", "bad results it delivered", OG_COL_I64);
  int64_t *checked = og__metrics_col(&b, "checked", "",
                                     "of its results, those checked", OG_COL_I64);
  int64_t *before = og__metrics_col(&b, "cheats_before_check", "",
                                    "bad results before its first checked one", OG_COL_I64);
  double *first = og__metrics_col(&b, "first_cheat", "s",
                                  "time of its first bad result (-1: none)", OG_COL_F64);
  double *caught = og__metrics_col(&b, "caught", "s",
                                   "time it was first detected (-1: never)", OG_COL_F64);
  int64_t *rtc = og__metrics_col(&b, "results_to_catch", "",
      "results it delivered before its detection (-1: never caught)", OG_COL_I64);
  uint32_t *group = og__metrics_col(&b, "group", "",
      "dishonest group: its row of /strategies (row 0 is the honest nodes)", OG_COL_U32);
  if (b.oom)
    return -1;
  for (size_t i = 0, k = 0; i < m->n_nodes; i++) {
    if (!dishonest[i])
      continue;
    node[k] = (uint32_t)i;
    cheats[k] = (int64_t)cs[i].cheats;
    checked[k] = (int64_t)cs[i].checked;
    before[k] = cs[i].cheats_before_check;
    first[k] = cs[i].first_cheat;
    caught[k] = cs[i].caught;
    rtc[k] = cs[i].caught >= 0 ? (int64_t)cs[i].results_to_catch : -1;
    group[k] = (uint32_t)dishonest[i];
    k++;
  }
  return 0;
}

/* /placement: per class and model its nodes hosted at the end, with the
 * model's weights each holds. */
static int placement(struct og_metrics *m)
{
  const struct og_scenario *sc = m->sc;
  size_t nm = sc->n_models, rows = 0;
  for (size_t i = 0; m->hosting && i < sc->n_classes * nm; i++)
    rows += m->hosting[i] > 0;
  struct og_table_builder b = og__metrics_table(m, "placement", rows, 1);
  const char **cls = og__metrics_col(&b, "class", "", "node class", OG_COL_STR);
  const char **model = og__metrics_col(&b, "model", "", "model", OG_COL_STR);
  int64_t *nodes = og__metrics_col(&b, "nodes", "",
                                   "nodes of the class hosting the model at the end", OG_COL_I64);
  double *weights = og__metrics_col(&b, "weight_bytes", "B",
                                    "bytes of the model's weights each holds", OG_COL_F64);
  if (b.oom)
    return -1;
  size_t k = 0;
  for (size_t c = 0; m->hosting && c < sc->n_classes; c++)
    for (size_t i = 0; i < nm; i++) {
      if (!m->hosting[c * nm + i])
        continue;
      cls[k] = sc->classes[c].name;
      model[k] = sc->models[i].name;
      nodes[k] = (int64_t)m->hosting[c * nm + i];
      weights[k++] = sc->models[i].param_bytes;
    }
  return 0;
}

enum og_status og__metrics_tables(struct og_metrics *m, const struct og_node_stats *ns,
                                  const struct og_cheat_stats *cs, const int *dishonest)
{
  if (timeseries(m) || nodes(m, ns, cs, dishonest) || classes(m, ns) || outputs(m) ||
      cheaters(m, cs, dishonest) || og__metrics_strategies(m, cs, dishonest) || placement(m) ||
      og__metrics_models_table(m) != OG_OK)
    return OG_ENOMEM;
  if (m->sc->trace_requests && requests(m))
    return OG_ENOMEM;
  return OG_OK;
}
