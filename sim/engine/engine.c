/* One simulation run: SimGrid set-up from a scenario, the actors, the run,
 * and the results document. */
#include <math.h>
#include <signal.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <simgrid/semaphore.h>
#include <simgrid/version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bigmem.h"
#include "clock.h"
#include "engine_internal.h"
#include "flows.h"
#include "estimate.h"
#include "netmode.h"
#include "rng.h"
#include "placement.h"
#include "routing.h"
#include "version.h"

#define N_ATTRS 13
#define N_PERF 8

struct og_run {
  struct og_engine e;
  struct og_node_stats *node_stats;
  struct og_cheat_stats *cheat_stats;
  int *dishonest;
  struct og_attr attrs[N_ATTRS];
  struct og_scalar perf[N_PERF];
  char seed_text[32];
  char simgrid_version[32];
  struct og_results_doc doc;
};

/* SimGrid's own options first, the caller's after them so they win.
 * 16 KiB stacks: the actors' deepest path (a failing node re-routing its
 * queue) fits with room to spare; 8 KiB ran the scale benchmark too.
 * OpenBLAS's kernels keep buffers on the stack, more on some processors than
 * others (16 KiB overflowed in sgemm on an AVX-512 AMD EPYC, 32 KiB ran), so
 * runs with real forward passes get 256 KiB stacks (touched pages only).
 * The caller's options and platform file are tried in a child first
 * (og__simgrid_check): SimGrid aborts on those it refuses. */
static enum og_status init_simgrid(const struct og_run_opts *opts, const struct og_scenario *sc,
                                   struct og_error *err)
{
  char stack[64];
  snprintf(stack, sizeof stack, "--cfg=contexts/stack-size:%zu", og_run_stack_kib(sc));
  const char *const base[] = {
    "ogsim",
    "--log=root.thres:warning",
    stack,
    "--cfg=network/model:CM02",
    "--cfg=network/TCP-gamma:0",
    "--cfg=network/crosstraffic:0",
    /* SimGrid 3.32's default lazy update lets all but one of several flows
     * that leave a host at once for hosts behind their own slower links
     * ignore those links (docs/network.md, "The exact mode"); the full
     * update does not */
    "--cfg=network/optim:Full",
    og_run_actors(sc) > OG_GUARDED_ACTORS_MAX ? "--cfg=contexts/guard-size:0"
                                              : "--log=root.thres:warning",
  };
  size_t nb = sizeof base / sizeof base[0];
  size_t n = nb + (opts ? opts->n_simgrid_args : 0);
  char **argv = calloc(n + 1, sizeof *argv);
  if (!argv)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  for (size_t i = 0; i < nb; i++)
    argv[i] = (char *)base[i];
  for (size_t i = nb; i < n; i++)
    argv[i] = (char *)opts->simgrid_args[i - nb];
  int argc = (int)n;
  enum og_status st = n > nb || sc->platform_file
                          ? og__simgrid_check(argc, argv, (int)nb, sc->platform_file, err) : OG_OK;
  if (st == OG_OK) {
    /* SimGrid installs a SIGINT handler of its own (it calls exit(1)); the
     * program's stays. Signals wait while the two are swapped, so none can
     * reach SimGrid's. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct sigaction keep;
    sigaction(SIGINT, NULL, &keep);
    simgrid_init(&argc, argv);
    sigaction(SIGINT, &keep, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
  }
  free(argv);
  return st;
}

static struct og_route route(sg_host_t a, sg_host_t b)
{
  return (struct og_route){sg_host_get_route_latency(a, b), sg_host_get_route_bandwidth(a, b)};
}

static sg_host_t find_host(const char *name, struct og_error *err, enum og_status *st)
{
  sg_host_t h = sg_host_by_name(name);
  if (!h && *st == OG_OK)
    *st = og_error_set(err, OG_EINVAL, "platform has no host named '%s'", name);
  return h;
}

/* The host of a role (og__platform_host_name), as the platform names it. */
static sg_host_t role_host(const struct og_scenario *sc, enum og_host_role role, size_t a,
                           size_t b, struct og_error *err, enum og_status *st)
{
  enum og_platform_naming nm = sc->platform_file ? OG_PLATFORM_NAMES : OG_PLATFORM_IDS;
  char buf[256], *name = buf;
  int n = og__platform_host_name(sc, nm, role, a, b, buf, sizeof buf);
  if (n >= (int)sizeof buf && (name = malloc((size_t)n + 1)) != NULL)
    og__platform_host_name(sc, nm, role, a, b, name, (size_t)n + 1);
  sg_host_t h = name ? find_host(name, err, st) : NULL;
  if (!name && *st == OG_OK)
    *st = OG_ENOMEM;
  if (name != buf)
    free(name);
  return h;
}

/* Client c's hosts (the first is c->host). */
static enum og_status client_hosts(struct og_engine *e, struct og_client *c, size_t n,
                                   struct og_error *err)
{
  enum og_status st = OG_OK;
  if (!(c->hosts = calloc(n, sizeof *c->hosts)))
    return OG_ENOMEM;
  c->n_hosts = n;
  c->hosts[0].host = c->host;
  for (size_t j = 1; j < n && st == OG_OK; j++)
    c->hosts[j].host = role_host(e->sc, OG_HOST_CLIENT, c->id, j, err, &st);
  return st;
}

static enum og_status make_clients(struct og_engine *e, struct og_error *err)
{
  const struct og_scenario *sc = e->sc;
  enum og_status st = OG_OK;
  e->n_clients = sc->workload.n_clients;
  e->clients_running = e->n_clients;
  e->quiet = sg_sem_init(0);
  e->clients = calloc(e->n_clients, sizeof *e->clients);
  if (!e->clients)
    return OG_ENOMEM;
  for (size_t i = 0; i < e->n_clients && st == OG_OK; i++) {
    struct og_client *c = &e->clients[i];
    const struct og_client_region *cr = &sc->workload.clients[i];
    c->id = (uint32_t)i;
    c->region = cr->region;
    c->e = e;
    c->host = role_host(sc, OG_HOST_CLIENT, i, 0, err, &st);
    if (st != OG_OK)
      break;
    if ((st = client_hosts(e, c, cr->hosts, err)) != OG_OK)
      break;
    c->to_gateway = route(c->host, e->gw_host);
    c->act_delay = e->net->shifted_clocks ? c->to_gateway.latency : 0.0;
    c->idle = sg_sem_init(0);
    c->mix_rng = og_rng_new(sc->seed, OG_RNG_MIX, i);
    c->shape_rng = og_rng_new(sc->seed, OG_RNG_SHAPE, i);
    c->size_rng = og_rng_new(sc->seed, OG_RNG_PAYLOAD, i);
    st = og_arrival_new(&sc->workload, cr->share, sc->seed, i, &c->arrival);
    if (st == OG_OK && (!c->mix_rng || !c->shape_rng || !c->size_rng))
      st = OG_ENOMEM;
    if (st == OG_OK)
      c->next_issue = og_arrival_next(c->arrival, 0.0);
    if (c->next_issue >= sc->duration)
      c->next_issue = INFINITY;
  }
  return st;
}

/* Node n's routes to the gateway and to each client. In a generated
 * platform every node of a region has the same links (its NIC carries the
 * region's bandwidth and half its latency), so the first node of a region
 * looks them up (SimGrid's route look-ups dominated set-up) and the others
 * of the region share them, bit for bit the same numbers; with a user's
 * platform file each node looks up its own. first[region]: that node, or
 * NULL. */
static void routes(struct og_engine *e, struct og_node *n, struct og_node **first)
{
  const struct og_scenario *sc = e->sc;
  size_t region = sc->classes[n->cls].region, slot = sc->platform_file ? n->id : region;
  if (!sc->platform_file && first[region]) {
    n->to_gateway = first[region]->to_gateway;
    n->to_client = first[region]->to_client;
    return;
  }
  first[region] = n;
  n->to_gateway = route(e->gw_host, n->host);
  n->to_client = e->route_store + slot * e->n_clients;
  for (size_t c = 0; c < e->n_clients; c++)
    n->to_client[c] = route(n->host, e->clients[c].host);
}

static enum og_status make_node(struct og_engine *e, struct og_node *n, size_t cls, size_t i,
                                struct og_node **first, struct og_error *err)
{
  const struct og_scenario *sc = e->sc;
  enum og_status st = OG_OK;
  n->cls = (uint32_t)cls;
  n->e = e;
  size_t region = sc->classes[cls].region;
  if (sc->platform_file || og__engine_node_hosts(e) || !first[region])
    /* else it has no host (node_hosts) */
    n->host = role_host(sc, OG_HOST_NODE, cls, sc->platform_file ? i : n->id, err, &st);
  if (st != OG_OK)
    return st;
  if (!e->loop)
    n->wake = sg_sem_init(0); /* its actor blocks on it */
  n->rng = og_rng_new(sc->seed, OG_RNG_SERVICE, n->id);
  n->fail_rng = og_rng_new(sc->seed, OG_RNG_FAILURE, n->id);
  n->batch = malloc(sc->classes[cls].max_batch * sizeof *n->batch);
  if (!n->rng || !n->fail_rng || !n->batch)
    return OG_ENOMEM;
  if ((st = og__node_serving_setup(n)) != OG_OK)
    return st;
  routes(e, n, first);
  n->clock_shift = e->net->shifted_clocks ? n->to_gateway.latency : 0.0;
  n->cs = (struct og_cheat_stats){.cheats_before_check = -1, .first_cheat = -1, .caught = -1};
  og_account_init(&n->acct);
  double mtbf = sc->classes[cls].mtbf;
  n->next_fail = mtbf > 0 ? og_rng_exponential(n->fail_rng, mtbf) : INFINITY;
  n->fails = 1; /* unless fail_share leaves it out (churn.c) */
  n->leave_at = INFINITY; /* unless its class churns */
  return OG_OK;
}

/* Where each node's models live at the start (the placement policy), and
 * the router's view of it: which groups host which models. */
static enum og_status place(struct og_engine *e, struct og_router_hosts *h)
{
  const struct og_scenario *sc = e->sc;
  e->n_groups = og_placement_n_groups(sc);
  e->node_group = malloc((e->n_nodes ? e->n_nodes : 1) * sizeof *e->node_group);
  e->groups = malloc((e->n_groups ? e->n_groups : 1) * sizeof *e->groups);
  unsigned char *has = calloc(e->n_groups * sc->n_models + 1, 1);
  *h = (struct og_router_hosts){.n_groups = e->n_groups, .n_models = sc->n_models,
                                .node_group = e->node_group, .has = has};
  if (!e->node_group || !e->groups || !has)
    return OG_ENOMEM;
  size_t g = 0;
  for (size_t c = 0; c < sc->n_classes; c++)
    for (size_t j = 0; j < sc->classes[c].n_groups; j++, g++) {
      e->groups[g] = &sc->classes[c].groups[j];
      for (size_t i = 0; i < e->groups[g]->n_models; i++)
        has[g * sc->n_models + e->groups[g]->models[i]] = 1;
    }
  enum og_status st = og_placement_nodes(sc, e->node_group);
  if (sc->placement.policy == OG_PLACEMENT_DEMAND) /* the controller places the replicas */
    memset(has, 0, e->n_groups * sc->n_models + 1);
  return st;
}

int og__node_hosts(const struct og_node *n, uint32_t model)
{
  return og_router_hosts(n->e->router, n->id, model);
}

const struct og_host_group *og__node_group(const struct og_node *n)
{
  if (n->hosted)
    return n->hosted; /* demand placement: what it holds now */
  return n->e->groups[n->e->node_group[n->id]];
}

static enum og_status make_nodes(struct og_engine *e, struct og_error *err)
{
  const struct og_scenario *sc = e->sc;
  e->n_nodes = og_scenario_node_count(sc);
  struct og_router_hosts hosts;
  enum og_status pst = place(e, &hosts);
  if (e->n_nodes <= SIZE_MAX / sizeof *e->nodes)
    e->nodes = og_big_calloc(e->n_nodes * sizeof *e->nodes);
  e->q_hint = calloc(e->n_nodes ? e->n_nodes : 1, sizeof *e->q_hint);
  uint32_t *node_class = malloc((e->n_nodes ? e->n_nodes : 1) * sizeof *node_class);
  size_t slots = sc->platform_file ? e->n_nodes : sc->n_regions, n_routes = slots * e->n_clients;
  e->route_store = malloc((n_routes > 0 ? n_routes : 1) * sizeof *e->route_store);
  struct og_node **first = calloc(sc->n_regions ? sc->n_regions : 1, sizeof *first);
  enum og_status st =
      e->nodes && e->q_hint && node_class && e->route_store && first ? pst : OG_ENOMEM;
  if (st == OG_OK)
    st = og__serving_setup(e);
  size_t k = 0;
  for (size_t c = 0; c < sc->n_classes && st == OG_OK; c++)
    for (size_t i = 0; i < sc->classes[c].count && st == OG_OK; i++, k++) {
      e->nodes[k].id = (uint32_t)k;
      node_class[k] = (uint32_t)c;
      st = make_node(e, &e->nodes[k], c, i, first, err);
    }
  if (st == OG_OK)
    st = og_router_new(sc, e->n_nodes, node_class, &hosts, &e->router);
  free((void *)hosts.has);
  if (st == OG_OK)
    st = og_metrics_new(sc, e->n_nodes, node_class, &e->m);
  free(node_class);
  free(first);
  return st;
}

static enum og_status make_mix(struct og_engine *e, struct og_error *err)
{
  const struct og_workload *w = &e->sc->workload;
  double *share = malloc(w->n_mix * sizeof *share);
  if (!share)
    return OG_ENOMEM;
  for (size_t i = 0; i < w->n_mix; i++)
    share[i] = w->mix[i].share;
  enum og_status st = og_alias_new(share, w->n_mix, &e->mix_alias, err);
  free(share);
  return st;
}

static sg_actor_t start(struct og_engine *e, const char *name, sg_host_t host,
                        void (*fn)(int, char **), void *data)
{
  e->n_actors++;
  sg_actor_t a = sg_actor_init(name, host);
  sg_actor_set_data(a, data);
  sg_actor_start(a, fn, 0, NULL);
  return a;
}

void og__daemon_start(struct og_engine *e, sg_actor_t *out, const char *name, sg_host_t host,
                      void (*fn)(int, char **), void *data)
{
  e->n_actors++;
  sg_actor_t a = sg_actor_init(name, host);
  sg_actor_set_data(a, data);
  sg_actor_daemonize(a);
  sg_actor_start(a, fn, 0, NULL);
  if (out)
    *out = a;
}

/* Progress reports go by the wall clock: the clock is read every 64 events
 * and the callback called at most every 10 ms. */
void og__progress_tick(struct og_engine *e)
{
  if (!e->opts->progress || (++e->progress_ticks & 63) != 0)
    return;
  double w = og_wall_now() - e->wall_start;
  if (w < e->progress_next)
    return;
  e->progress_next = w + 0.01;
  uint64_t unresolved = 0;
  for (size_t i = 0; i < e->n_clients; i++)
    unresolved += e->clients[i].unresolved;
  struct og_progress p = {og__now(), e->sc->duration, w, og_metrics_resolved_count(e->m),
                          unresolved, e->hard_stop};
  e->opts->progress(e->opts->progress_ud, &p);
}

/* The actors of a mode without the event loop: one per node and client,
 * and the mode's own. */
static void start_actors(struct og_engine *e)
{
  const struct og_net_mode_type *net = e->net;
  for (size_t i = 0; i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    og__daemon_start(e, NULL, "node", n->host, og__node_actor, n);
    if (net->start_node)
      net->start_node(e, n);
  }
  for (size_t i = 0; i < e->n_clients; i++) {
    struct og_client *c = &e->clients[i];
    c->actor = start(e, "client", c->host, og__client_actor, c);
    if (net->start_client)
      net->start_client(e, c);
  }
  if (net->start)
    net->start(e);
  if (e->as)
    og__autoscale_start(e);
  else if (!e->sc->placement.preload)
    og__loads_start(e);
  for (size_t k = 0; k < e->n_churn; k++)
    og__daemon_start(e, NULL, "churn", e->gw_host, og__churn_actor, &e->churn[k]);
  if (e->as)
    og__daemon_start(e, NULL, "placement", e->gw_host, og__autoscale_actor, e);
}

static enum og_status setup(struct og_engine *e, struct og_error *err)
{
  enum og_status st = og__platform_load(e->sc, og__engine_node_hosts(e), err);
  if (st == OG_OK)
    e->gw_host = find_host("gateway", err, &st);
  if (st == OG_OK)
    st = make_clients(e, err);
  if (st == OG_OK)
    st = make_nodes(e, err);
  if (st == OG_OK)
    st = og__churn_setup(e);
  if (st == OG_OK)
    st = make_mix(e, err);
  if (st == OG_OK)
    st = og__transfer_setup(e, err);
  if (st == OG_OK)
    st = og__autoscale_setup(e);
  if (st == OG_OK)
    st = og__engine_nets(e, err);
  if (st == OG_OK)
    st = og__assign_dishonest(e);
  if (st == OG_OK)
    st = og__protocols_setup(e);
  if (st == OG_OK)
    st = og__netstat_init(e);
  if (st == OG_OK && og_scenario_flows(e->sc))
    st = og__flows_init(e);
  if (st == OG_OK && e->loop)
    st = og__loop_init(e);
  if (st == OG_ENOMEM)
    og_error_set(err, st, "out of memory while building the simulation");
  return st;
}

static long peak_rss_bytes(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss * 1024L;
}

static void fill_attrs(struct og_run *run, double wall)
{
  const struct og_scenario *sc = run->e.sc;
  int major, minor, patch;
  sg_version_get(&major, &minor, &patch);
  snprintf(run->simgrid_version, sizeof run->simgrid_version, "%d.%d.%d", major, minor, patch);
  snprintf(run->seed_text, sizeof run->seed_text, "%llu", (unsigned long long)sc->seed);
  struct og_attr a[] = {
    {"ogsim_version", OGSIM_VERSION, 0},
    {"git_revision", OGSIM_GIT_REV, 0},
    {"simgrid_version", run->simgrid_version, 0},
    {"scenario_name", sc->name, 0},
    {"scenario_path", sc->path ? sc->path : "", 0},
    {"scenario_text", sc->text ? sc->text : "", 0},
    {"overrides", sc->overrides ? sc->overrides : "", 0},
    {"seed", run->seed_text, 0},
    {"network_mode", og_net_mode_names[sc->net_mode], 0},
    {"calibration", sc->calibration ? sc->calibration : "none (no zoo models)", 0},
    {"warnings", og_metrics_warnings(run->e.m), 0},
    {"wall_time", NULL, wall},
  };
  size_t n = sizeof a / sizeof a[0];
  memcpy(run->attrs, a, sizeof a);
  run->doc.attrs = run->attrs;
  run->doc.n_attrs = n;
}

static void fill_perf(struct og_run *run, double setup_wall, double run_wall)
{
  const struct og_engine *e = &run->e;
  double resolved = (double)og_metrics_resolved_count(e->m);
  struct og_scalar p[N_PERF] = {
    {"wall_time", "s", "wall-clock time of the whole run", setup_wall + run_wall},
    {"setup_wall_time", "s", "wall-clock time to build the platform and actors", setup_wall},
    {"sim_wall_time", "s", "wall-clock time inside the simulation loop", run_wall},
    {"requests_per_wall_second", "1/s", "requests resolved per wall-clock second of simulation",
     run_wall > 0 ? resolved / run_wall : NAN},
    {"peak_rss", "B", "peak resident memory of the process", (double)peak_rss_bytes()},
    {"nodes_per_wall_second_setup", "1/s", "nodes built per second of set-up",
     setup_wall > 0 ? (double)e->n_nodes / setup_wall : NAN},
    {"simgrid_hosts", "1", "hosts of the SimGrid platform (one per node only where nodes are "
     "actors)", (double)sg_host_count()},
    {"simgrid_actors", "1", "SimGrid actors started (none in the event loop)",
     (double)e->n_actors},
  };
  memcpy(run->perf, p, sizeof p);
  run->doc.perf = run->perf;
  run->doc.n_perf = N_PERF;
}

/* What each class's nodes hosted at the end, and the memory they held:
 * the hosted models' weights, and on a continuous class the KV reserve
 * (its share kv_memory of the memory, less those weights). */
static enum og_status hosting(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  size_t nc = sc->n_classes, nm = sc->n_models;
  uint64_t *h = calloc(nc * nm + 1, sizeof *h);
  double *mem = calloc(nc + 1, sizeof *mem);
  enum og_status st = h && mem ? OG_OK : OG_ENOMEM;
  for (size_t i = 0; st == OG_OK && i < e->n_nodes; i++) {
    const struct og_node *n = &e->nodes[i];
    const struct og_node_class *c = &sc->classes[n->cls];
    double w = 0;
    for (uint32_t m = 0; m < nm; m++)
      if (n->hosted ? og_host_group_has(n->hosted, m) : og__node_hosts(n, m)) {
        h[n->cls * nm + m]++;
        w += sc->models[m].param_bytes;
      }
    double kv = (double)c->gpus * c->memory * c->kv_memory;
    mem[n->cls] += c->serving == OG_SERVING_CONTINUOUS && kv > w ? kv : w;
  }
  if (st == OG_OK)
    st = og_metrics_hosting(e->m, h, mem);
  free(h);
  free(mem);
  return st;
}

static enum og_status collect(struct og_run *run, double setup_wall, double run_wall)
{
  struct og_engine *e = &run->e;
  og__settle_all(e);
  og__churn_close(e, og__now());
  size_t nn = e->n_nodes ? e->n_nodes : 1;
  run->node_stats = malloc(nn * sizeof *run->node_stats);
  run->cheat_stats = malloc(nn * sizeof *run->cheat_stats);
  run->dishonest = malloc(nn * sizeof *run->dishonest);
  if (!run->node_stats || !run->cheat_stats || !run->dishonest)
    return OG_ENOMEM;
  for (size_t i = 0; i < e->n_nodes; i++) {
    run->node_stats[i] = e->nodes[i].st;
    run->cheat_stats[i] = e->nodes[i].cs;
    run->dishonest[i] = e->nodes[i].cheat ? (int)(e->nodes[i].cheat - e->sc->dishonest) + 1 : 0;
  }
  enum og_status st = hosting(e);
  if (st == OG_OK)
    st = og__netstat_finish(e);
  og__protocols_finish(e);
  if (st == OG_OK)
    st = og_metrics_finish(e->m, run->node_stats, run->cheat_stats, run->dishonest, og__now(),
                           e->hard_stop);
  if (st != OG_OK)
    return st;
  run->doc.summary = og_metrics_summary(e->m, &run->doc.n_summary);
  run->doc.tables = og_metrics_tables(e->m, &run->doc.n_tables);
  fill_attrs(run, setup_wall + run_wall);
  fill_perf(run, setup_wall, run_wall);
  return OG_OK;
}

enum og_status og_run_scenario(const struct og_scenario *sc, const struct og_run_opts *opts,
                               struct og_run **out, struct og_error *err)
{
  static const struct og_run_opts no_opts = {0};
  struct og_run *run = calloc(1, sizeof *run);
  *out = NULL;
  if (!run)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  struct og_engine *e = &run->e;
  e->sc = sc;
  og_ledger_init(&e->ledger, &sc->economics);
  e->opts = opts ? opts : &no_opts;
  e->net = og__net_mode(og_scenario_net_mode(sc));
  /* flows are the loop's events: the actor driver cannot run them */
  e->loop = e->net->event_loop && (!getenv("OGSIM_ACTORS") || og_scenario_flows(sc));
  e->hard_stop = og_run_hard_stop(sc);
  e->wall_start = og_wall_now();
  enum og_status st = init_simgrid(opts, sc, err);
  if (st == OG_OK)
    st = setup(e, err);
  if (st != OG_OK)
    goto fail;
  if (!e->loop)
    start_actors(e);
  double t_setup = og_wall_now();
  if (e->loop)
    og__loop_run(e);
  else
    simgrid_run();
  double t_run = og_wall_now();
  if (e->xfer_bound_broken) {
    st = og_error_set(err, OG_ESIM,
                      "internal error: a weight load ended before the bound the event loop "
                      "skipped SimGrid to (sim/engine/transfer.c); the results would be out of "
                      "order (OGSIM_XFER_SYNC=1 in the environment runs without that bound)");
    goto fail;
  }
  if (e->oom) {
    st = og_error_set(err, OG_ENOMEM, "out of memory during the simulation");
    goto fail;
  }
  og__serving_run_end(e);
  st = collect(run, t_setup - e->wall_start, t_run - t_setup);
  if (st != OG_OK) {
    og_error_set(err, st, "out of memory while computing the metrics");
    goto fail;
  }
  *out = run;
  return OG_OK;
fail:
  og_run_free(run);
  return st;
}

const struct og_results_doc *og_run_doc(const struct og_run *run)
{
  return &run->doc;
}

const struct og_scalar *og_run_summary(const struct og_run *run, size_t *n)
{
  *n = run->doc.n_summary;
  return run->doc.summary;
}

double og_run_hard_stop(const struct og_scenario *sc)
{
  const struct og_workload *w = &sc->workload;
  return sc->duration + sc->drain + w->timeout * (1.0 + w->max_retries);
}

/* SimGrid objects (hosts, mailboxes, actors) belong to SimGrid and live
 * until the process exits; semaphores are ours (sg_sem_init gives the
 * caller the only reference), freed here with everything else once the
 * simulation is over. */
void og_run_free(struct og_run *run)
{
  if (!run)
    return;
  struct og_engine *e = &run->e;
  for (size_t i = 0; e->nodes && i < e->n_nodes; i++) {
    struct og_node *n = &e->nodes[i];
    if (n->wake)
      sg_sem_destroy(n->wake);
    if (n->rng)
      gsl_rng_free(n->rng);
    if (n->fail_rng)
      gsl_rng_free(n->fail_rng);
    if (n->strat_rng)
      gsl_rng_free(n->strat_rng);
    if (n->check_rng)
      gsl_rng_free(n->check_rng);
    free(n->q);
    free(n->batch);
    og__node_serving_free(n);
  }
  for (size_t i = 0; e->clients && i < e->n_clients; i++) {
    struct og_client *c = &e->clients[i];
    if (c->idle)
      sg_sem_destroy(c->idle);
    og_arrival_free(c->arrival);
    if (c->mix_rng)
      gsl_rng_free(c->mix_rng);
    if (c->shape_rng)
      gsl_rng_free(c->shape_rng);
    if (c->size_rng)
      gsl_rng_free(c->size_rng);
    og__client_pend_free(&c->pending);
    og__client_fifo_free(&c->retries);
    for (size_t j = 0; c->hosts && j < c->n_hosts; j++) {
      if (c->hosts[j].out_ready)
        sg_sem_destroy(c->hosts[j].out_ready);
      og__client_fifo_free(&c->hosts[j].out);
    }
    free(c->hosts);
  }
  if (e->quiet)
    sg_sem_destroy(e->quiet);
  og__autoscale_free(e);
  og__transfer_free(e);
  og__flows_free(e);
  og__netstat_free(e);
  og_big_free(e->nodes, e->n_nodes * sizeof *e->nodes);
  free(e->q_hint);
  og__serving_free(e);
  free(e->clients);
  og_router_free(e->router);
  free(e->node_group);
  free(e->groups);
  free(e->route_store);
  og_alias_free(e->mix_alias);
  og__engine_nets_free(e);
  if (e->check_rng)
    gsl_rng_free(e->check_rng);
  og_alias_free(e->stake_alias);
  og__revotes_free(e);
  og__protocols_free(e);
  og_metrics_free(e->m);
  og__requests_free(e);
  og_timers_fini(&e->timers);
  og__churn_free(e);
  free(run->node_stats);
  free(run->cheat_stats);
  free(run->dishonest);
  free(run);
}
