/* The pre-run estimate of memory and work (model and constants in
 * estimate.h), the machine's memory, and the refusal message. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "estimate.h"
#include "placement.h"
#include "protocol_kind.h"
#include "wan_pairs.h"

#define BASE_BYTES 48e6
#define NODE_BYTES 5.2e3
#define LOOP_NODE_BYTES 1.2e3
#define CONTINUOUS_NODE_BYTES 808.0
#define STACK_TOUCHED_BYTES 32768.0
#define SMALL_STACK_BYTES 16384.0
#define LARGE_STACK_SHARE 0.6
#define EXACT_NODE_BYTES 15e3
#define ROUTE_BYTES 16.0
#define REQUEST_BYTES 74.0
#define TRACE_BYTES 150.0
#define IN_FLIGHT_BYTES 170.0
#define BIN_BYTES 32.0
#define BIN_CLASS_BYTES 8.0
#define TABLE_ENTRY_BYTES 8.0
#define WAN_LINK_BYTES 1e3
#define XML_HOST_BYTES 280.0
#define XML_WAN_BYTES 200.0
#define LOAD_BYTES 1.2e3

static int runs_models(const struct og_scenario *sc)
{
  for (size_t i = 0; i < sc->n_models; i++)
    if (sc->models[i].run_share > 0 ||
        (sc->models[i].verification.tolerance_compare && sc->models[i].zoo_path))
      return 1;
  return 0;
}

/* Nodes are actors (and each has a receiver) only in the modes with
 * messages; in the others the event loop runs them, with no actor. */
double og_run_actors(const struct og_scenario *sc)
{
  int msgs = (og_net_mode_traits[sc->net_mode] & OG_NMT_MESSAGES) != 0;
  return msgs ? 2.0 * (double)og_scenario_node_count(sc) : 0.0;
}

size_t og_run_stack_kib(const struct og_scenario *sc)
{
  return runs_models(sc) ? 256 : 16;
}

static double mean_rate(const struct og_scenario *sc)
{
  const struct og_workload *w = &sc->workload;
  if (w->arrival == OG_ARRIVAL_TRACE)
    return og_trace_rate(&w->trace, sc->duration);
  if (w->arrival != OG_ARRIVAL_MMPP)
    return w->rate;
  double n = 0, d = 0;
  for (size_t i = 0; i < w->n_mmpp; i++) {
    n += w->mmpp[i].rate * w->mmpp[i].mean_dwell;
    d += w->mmpp[i].mean_dwell;
  }
  return d > 0 ? n / d : 0;
}

/* A pass of a model that is not an LLM: its compute and memory times. */
static void pass_parts(const struct og_node_class *c, const struct og_model *m, double b,
                       double *compute, double *memory)
{
  *compute = b * m->flops / (c->peak_flops * c->efficiency * m->efficiency);
  *memory = c->mem_bw > 0 ? (m->weight_bytes + b * m->bytes) / c->mem_bw : 0;
}

double og_batch_cost(const struct og_node_class *c, const struct og_model *m, double b,
                     struct og_roofline_parts *p)
{
  if (m->llm)
    return og_static_llm_cost(c, m, b, (double)m->prompt_tokens, (double)m->output_tokens, p);
  pass_parts(c, m, b, &p->compute, &p->memory);
  /* the protocol's declared cost on the serving node: the whole pass */
  double t = fmax(p->compute, p->memory) * m->verification.overhead +
             m->verification.iteration_cost;
  p->compute *= m->verification.overhead;
  p->memory *= m->verification.overhead;
  return t;
}

double og_batch_seconds(const struct og_node_class *c, const struct og_model *m, double b)
{
  struct og_roofline_parts p;
  return og_batch_cost(c, m, b, &p);
}

void og_iter_rates(const struct og_node_class *c, const struct og_model *m,
                   struct og_iter_rates *r)
{
  double tp = (double)m->tensor_parallel;
  double eff = c->cpu ? c->efficiency * m->efficiency : c->compute_efficiency;
  r->flops = c->peak_flops * eff * tp;
  r->bytes = c->mem_bw * c->memory_efficiency * tp;
  r->fixed = c->iteration_overhead;
  r->eager = c->prefill_layer_overhead * m->layers;
  r->comm = 0;
  if (tp > 1) { /* two ring all-reduces per layer of 2-byte activations */
    r->fixed += 2 * m->layers * c->nvlink_latency;
    r->comm = 2 * m->layers * 2 * (tp - 1) / tp * m->hidden * 2 / c->nvlink_bandwidth;
  }
  /* the protocol's declared cost on the serving node: every term of the
   * iteration times `overhead` (an enclave slows memory-bound decode as much
   * as compute), plus its own fixed cost per iteration */
  double o = m->verification.overhead;
  if (o != 1) {
    r->flops /= o;
    r->bytes /= o;
    r->fixed *= o;
    r->eager *= o;
    r->comm *= o;
  }
  r->fixed += m->verification.iteration_cost;
}

double og_iter_cost(const struct og_model *m, const struct og_iter_rates *r,
                    const struct og_iter_work *w, struct og_roofline_parts *p)
{
  p->compute = (m->tok_flops * w->tokens + m->head_flops * w->logits +
                m->attn_flops * w->attended) / r->flops;
  p->memory = r->bytes > 0 ? (m->read_bytes + m->kv_token_bytes * w->kv_read) / r->bytes : 0;
  return fmax(p->compute, p->memory) + r->fixed + (w->eager ? r->eager : 0) + r->comm * w->moved;
}

double og_iter_seconds(const struct og_model *m, const struct og_iter_rates *r,
                       const struct og_iter_work *w)
{
  struct og_roofline_parts p;
  return og_iter_cost(m, r, w, &p);
}

void og_iter_run_set(const struct og_model *m, const struct og_iter_rates *r,
                     const struct og_iter_work *w, struct og_iter_run *run)
{
  /* each iteration adds one attended position and one KV token per sequence */
  run->c0 = (m->tok_flops * w->tokens + m->head_flops * w->logits + m->attn_flops * w->attended) /
            r->flops;
  run->c1 = m->attn_flops * w->tokens / r->flops;
  run->m0 = r->bytes > 0 ? (m->read_bytes + m->kv_token_bytes * w->kv_read) / r->bytes : 0;
  run->m1 = r->bytes > 0 ? m->kv_token_bytes * w->tokens / r->bytes : 0;
  run->fixed = r->fixed + r->comm * w->moved;
  run->kx = run->c1 == run->m1 ? 0 : fmax(ceil((run->m0 - run->c0) / (run->c1 - run->m1)), 0);
}

void og_iter_run_parts(const struct og_iter_run *run, double k, struct og_roofline_parts *p)
{
  p->compute = og_line_sum(run->c0, run->c1, 0, k);
  p->memory = og_line_sum(run->m0, run->m1, 0, k);
}

double og_static_llm_cost(const struct og_node_class *c, const struct og_model *m, double b,
                          double prompt, double output, struct og_roofline_parts *p)
{
  struct og_iter_rates r;
  og_iter_rates(c, m, &r);
  struct og_iter_work pre = {.eager = 1, .tokens = b * prompt, .logits = b,
                             .attended = b * prompt * (prompt + 1) / 2, .moved = b * prompt};
  double t = og_iter_cost(m, &r, &pre, p);
  if (output > 1) {
    struct og_iter_work dec = {.tokens = b, .logits = b, .attended = b * (prompt + 1),
                               .kv_read = b * prompt, .moved = b};
    struct og_iter_run run;
    struct og_roofline_parts d;
    og_iter_run_set(m, &r, &dec, &run);
    t += og_iter_run_seconds(&run, output - 1);
    og_iter_run_parts(&run, output - 1, &d);
    p->compute += d.compute;
    p->memory += d.memory;
  }
  return t;
}

double og_static_llm_seconds(const struct og_node_class *c, const struct og_model *m, double b,
                             double prompt, double output)
{
  struct og_roofline_parts p;
  return og_static_llm_cost(c, m, b, prompt, output, &p);
}

double og_group_weights(const struct og_scenario *sc, const struct og_host_group *g)
{
  double w = 0;
  for (size_t i = 0; i < g->n_models; i++)
    w += sc->models[g->models[i]].param_bytes;
  return w;
}

double og_kv_pool(const struct og_scenario *sc, const struct og_node_class *c,
                  const struct og_host_group *g)
{
  if (c->memory <= 0)
    return INFINITY; /* memory not modelled */
  double pool = (double)c->gpus * c->memory * c->kv_memory;
  for (size_t i = 0; i < g->n_models; i++)
    pool -= sc->models[g->models[i]].param_bytes;
  return pool;
}

double og_request_copies(const struct og_model *m)
{
  const struct og_verification *v = &m->verification;
  const struct og_protocol_kind *k = og_protocol_kind(v->protocol);
  return k->copies ? k->copies(v) : 1;
}

double og_best_batch(const struct og_scenario *sc, const struct og_node_class *c,
                     const struct og_host_group *g, const struct og_model *m)
{
  if (c->serving != OG_SERVING_CONTINUOUS || !m->llm)
    return (double)c->max_batch;
  double bt = (double)c->block_tokens;
  double ctx = (double)m->prompt_tokens + (double)m->output_tokens / 2;
  double fit = floor(og_kv_pool(sc, c, g) / (ceil(ctx / bt) * bt * m->kv_token_bytes));
  return fmax(1, fmin((double)c->max_num_seqs, fit));
}

double og_request_work(const struct og_scenario *sc, const struct og_node_class *c,
                       const struct og_host_group *g, const struct og_model *m)
{
  double b = og_best_batch(sc, c, g, m);
  return og_batch_seconds(c, m, b) / b * og_request_copies(m);
}

double og_erlang_b(size_t c, double a)
{
  double b = 1;
  for (size_t k = 1; k <= c; k++)
    b = a * b / ((double)k + a * b);
  return b;
}

double og_class_online(const struct og_node_class *c)
{
  if (!c->churn.on)
    return (double)c->count;
  double a = c->churn.join_rate * c->churn.session.mean;
  return a * (1 - og_erlang_b(c->count, a));
}

double og_class_online_share(const struct og_node_class *c)
{
  return c->churn.on && c->count > 0 ? og_class_online(c) / (double)c->count : 1;
}

/* Requests/s a group's nodes serve of the mix's models they host, in the
 * mix's proportions among those (of a churning class, the group's share of
 * the nodes online on average). */
static double group_capacity(const struct og_scenario *sc, const struct og_node_class *c,
                             const struct og_host_group *g)
{
  double t = 0, s = 0;
  size_t hosted = 0;
  for (size_t i = 0; i < sc->workload.n_mix; i++) {
    size_t m = sc->workload.mix[i].model;
    if (!og_host_group_has(g, m))
      continue;
    t += sc->workload.mix[i].share * og_request_work(sc, c, g, &sc->models[m]);
    s += sc->workload.mix[i].share;
    hosted++;
  }
  if (hosted < sc->workload.n_mix && s > 0)
    t /= s; /* (all of the mix: its shares sum to 1 already) */
  return t > 0 ? (double)g->count * og_class_online_share(c) / t : (hosted ? INFINITY : 0);
}

double og_class_capacity(const struct og_scenario *sc, size_t cls)
{
  const struct og_node_class *c = &sc->classes[cls];
  double cap = 0;
  for (size_t j = 0; j < c->n_groups; j++)
    if (c->groups[j].count > 0)
      cap += group_capacity(sc, c, &c->groups[j]);
  return cap;
}

/* Requests/s all nodes serve with the workload's mix. */
static double capacity(const struct og_scenario *sc)
{
  double cap = 0;
  for (size_t k = 0; k < sc->n_classes; k++)
    cap += og_class_capacity(sc, k);
  return cap;
}

double og_offered_rate(const struct og_scenario *sc)
{
  return mean_rate(sc);
}

/* Seconds one load of group g's models takes alone from tier t: each
 * model's bytes over the tier's bandwidth, then over the class's
 * load_bandwidth. */
static double group_load_time(const struct og_scenario *sc, const struct og_node_class *c,
                              const struct og_host_group *g, size_t t)
{
  double w = og_group_weights(sc, g);
  return w / sc->storage[t].bandwidth + w / c->load_bandwidth;
}

/* Loads running at once (see estimate.h) into in->loads, and how long the
 * loads at t = 0 keep requests waiting into in->load_wait. OG_ENOMEM. */
static enum og_status loads_input(const struct og_scenario *sc, struct og_estimate_in *in)
{
  double *bytes = calloc(sc->n_storage ? sc->n_storage : 1, sizeof *bytes);
  if (!bytes)
    return OG_ENOMEM;
  for (size_t k = 0; k < sc->n_classes; k++) {
    const struct og_node_class *c = &sc->classes[k];
    size_t t = og_scenario_tier_of(sc, c->region);
    for (size_t j = 0; t != SIZE_MAX && j < c->n_groups; j++) {
      const struct og_host_group *g = &c->groups[j];
      double online = (double)g->count * og_class_online_share(c);
      if (!sc->placement.preload) {
        in->loads += (double)(g->count * g->n_models);
        bytes[t] += (double)g->count * og_group_weights(sc, g);
      }
      if (c->churn.on)
        in->loads += c->churn.join_rate * (online / og_class_online(c)) *
                     (double)g->n_models * group_load_time(sc, c, g, t);
    }
  }
  for (size_t t = 0; t < sc->n_storage; t++)
    in->load_wait = fmax(in->load_wait, bytes[t] / sc->storage[t].bandwidth);
  free(bytes);
  return OG_OK;
}

enum og_status og_estimate_input(const struct og_scenario *sc, struct og_estimate_in *in)
{
  const struct og_workload *w = &sc->workload;
  double hold = w->timeout * (1.0 + w->max_retries), run = sc->duration + sc->drain;
  *in = (struct og_estimate_in){
    .nodes = (double)og_scenario_node_count(sc), .clients = (double)w->n_clients,
    .regions = (double)sc->n_regions, .classes = (double)sc->n_classes,
    .actors = og_run_actors(sc), .stack_bytes = 1024.0 * (double)og_run_stack_kib(sc),
    .exact = (og_net_mode_traits[sc->net_mode] & OG_NMT_MESSAGES) != 0, .rate = mean_rate(sc), .duration = sc->duration,
    .drain = sc->drain, .hold = hold > 0 && hold < run ? hold : run, .capacity = capacity(sc),
    .ts_interval = sc->ts_interval, .trace = sc->trace_requests,
    .generated = !sc->platform_file,
    .node_hosts = (og_net_mode_traits[sc->net_mode] & OG_NMT_MESSAGES) || sc->platform_file ||
                  og_scenario_flows(sc), /* a flow's links are its hosts' */
    .exact_max = sc->quantiles == OG_QUANTILES_SKETCH ? 0 : (double)OG_QUANTILES_EXACT_MAX,
  };
  for (size_t k = 0; k < sc->n_classes; k++)
    if (sc->classes[k].serving == OG_SERVING_CONTINUOUS)
      in->continuous_share += (double)sc->classes[k].count / fmax(in->nodes, 1);
  enum og_status st = OG_OK;
  if (og_scenario_loads(sc)) {
    in->node_hosts = 1; /* a load's destination (docs/loading.md, "Platform") */
    st = loads_input(sc, in);
  }
  if (sc->platform_file || st != OG_OK)
    return st;
  struct og_wan_pairs p;
  st = og_wan_pairs_init(&p, sc);
  if (st == OG_OK)
    in->wan_links = og_wan_pairs_count(&p);
  og_wan_pairs_fini(&p);
  return st;
}

/* The resident part of one actor's stack. Guarded stacks are mapped apart
 * and only their touched pages count: half of a 16 KiB stack; at most 32
 * KiB of a larger one (what an OpenBLAS sgemm of a real forward pass
 * needs). Unguarded stacks share the heap: a 16 KiB one counts in full;
 * of a larger one about 0.6 (48,000 nodes of 256 KiB stacks peaked at
 * 6.96 GB, 145 kB a node). */
static double resident_stack(double bytes, int guarded)
{
  if (guarded)
    return fmin(bytes / 2, STACK_TOUCHED_BYTES);
  return bytes <= SMALL_STACK_BYTES ? bytes : LARGE_STACK_SHARE * bytes;
}

void og_estimate_compute(const struct og_estimate_in *in, struct og_estimate *out)
{
  double stack = resident_stack(in->stack_bytes, in->actors + in->loads <= OG_GUARDED_ACTORS_MAX);
  double per_node = (in->node_hosts ? NODE_BYTES : LOOP_NODE_BYTES) +
                    in->continuous_share * CONTINUOUS_NODE_BYTES +
                    in->actors / fmax(in->nodes, 1) * stack +
                    (in->exact ? EXACT_NODE_BYTES : 0) +
                    (in->generated ? 0 : in->clients * ROUTE_BYTES);
  struct og_estimate e = {0};
  e.requests = in->rate * in->duration;
  e.in_flight = fmin(fmax(fmax(in->rate - in->capacity, 0) * in->hold,
                          in->rate * fmin(in->load_wait, in->hold)), e.requests);
  e.ts_rows = in->ts_interval > 0 ? ceil((in->duration + in->drain) / in->ts_interval) : 0;
  double hosts = (in->node_hosts ? in->nodes : in->regions) + in->clients + 1 + in->regions;
  e.platform_xml = in->generated ? hosts * XML_HOST_BYTES + in->wan_links * XML_WAN_BYTES : 0;
  e.base_mem = BASE_BYTES;
  e.node_mem = in->nodes * per_node;
  e.request_mem = fmin(e.requests - e.in_flight, in->exact_max) * REQUEST_BYTES;
  e.trace_mem = in->trace ? e.requests * TRACE_BYTES : 0;
  e.in_flight_mem = e.in_flight * IN_FLIGHT_BYTES;
  e.ts_mem = e.ts_rows * (BIN_BYTES + BIN_CLASS_BYTES * in->classes);
  e.platform_mem = in->generated ? in->regions * in->regions * TABLE_ENTRY_BYTES +
                                       in->wan_links * WAN_LINK_BYTES : 0;
  e.load_mem = in->loads * (stack + LOAD_BYTES);
  e.total_mem = e.base_mem + e.node_mem + e.request_mem + e.trace_mem + e.in_flight_mem +
                e.ts_mem + e.platform_mem + e.load_mem;
  *out = e;
}

static double read_limit(const char *path)
{
  FILE *f = fopen(path, "r");
  double v = INFINITY;
  if (f) {
    if (fscanf(f, "%lf", &v) != 1 || v <= 0)
      v = INFINITY;
    fclose(f);
  }
  return v;
}

double og_machine_memory(void)
{
  double phys = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
  double cg = fmin(read_limit("/sys/fs/cgroup/memory.max"),
                   read_limit("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
  return phys > 0 ? fmin(phys, cg) : cg;
}

static const char *human(double bytes, char *buf, size_t len)
{
  static const char *const unit[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1000 && u < 6) {
    bytes /= 1000;
    u++;
  }
  snprintf(buf, len, "%.3g %s", bytes, unit[u]);
  return buf;
}

void og_estimate_format(const struct og_estimate *e, char *buf, size_t len)
{
  char t[7][32];
  snprintf(buf, len, "about %s of memory (nodes %s, requests %s, trace %s, in flight %s, "
           "platform %s), %.3g requests, %.3g in flight at once, %.3g time-series bins, "
           "platform XML %s", human(e->total_mem, t[0], 32), human(e->node_mem, t[1], 32),
           human(e->request_mem, t[2], 32), human(e->trace_mem, t[6], 32),
           human(e->in_flight_mem, t[3], 32), human(e->platform_mem, t[4], 32), e->requests,
           e->in_flight, e->ts_rows, human(e->platform_xml, t[5], 32));
  size_t at = strlen(buf);
  if (e->load_mem > 0 && at < len)
    snprintf(buf + at, len - at, ", weight loads %s", human(e->load_mem, t[0], 32));
}

enum og_status og_estimate_check(const struct og_estimate *e, double mem, struct og_error *err)
{
  if (!(e->total_mem > mem))
    return OG_OK;
  const struct {
    double v;
    const char *keys;
  } part[] = {
    {e->node_mem, "node_classes[].count"},
    {e->request_mem, "workload.rate or duration"},
    {e->trace_mem, "output.requests"},
    {e->in_flight_mem, "workload.rate, workload.timeout or workload.max_retries"},
    {e->ts_mem, "output.timeseries_interval"},
    {e->platform_mem, "regions or workload.clients"},
    {e->load_mem, "placement.preload, node_classes[].churn"},
  };
  char keys[512] = "", a[32], b[32], line[700];
  for (size_t i = 0; i < sizeof part / sizeof part[0]; i++)
    if (part[i].v >= 0.1 * e->total_mem)
      snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", *keys ? ", and " : "",
               part[i].keys);
  og_estimate_format(e, line, sizeof line);
  return og_error_set(err, OG_EINVAL, "the run needs %s and this machine has %s of memory: "
                      "lower %s (or pass --force to run anyway); estimate: %s",
                      human(e->total_mem, a, sizeof a), human(mem, b, sizeof b), keys, line);
}
