/* ogsim validate: load and check a scenario, print what it describes: its
 * size, the memory estimate, and the pre-flight capacity (what each node
 * class serves of each model, against the offered load). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "estimate.h"
#include "placement.h"
#include "scenario.h"

static const char *duration(double s, char *buf, size_t len)
{
  if (s < 1e-3)
    snprintf(buf, len, "%.3f us", s * 1e6);
  else if (s < 1)
    snprintf(buf, len, "%.3f ms", s * 1e3);
  else
    snprintf(buf, len, "%.3f s", s);
  return buf;
}

/* Per class and model of the mix the class hosts: one request alone, its
 * best batch (the class's max_batch; for an LLM on the continuous engine,
 * max_num_seqs or what the KV cache left by the models it hosts holds), and
 * what the class's nodes that host the model serve of it alone. */
static void per_class(const struct og_scenario *sc)
{
  char a[32], b[32], per[32];
  printf("capacity (the serving engine's roofline, protocol overhead and copies included;\n"
         "  queueing and routing not; LLMs at their mean prompt and output lengths):\n");
  printf("  %-16s %-16s %12s %26s %16s\n", "class", "model", "1 request", "best batch (per request)",
         "requests/s");
  for (size_t k = 0; k < sc->n_classes; k++) {
    const struct og_node_class *c = &sc->classes[k];
    for (size_t i = 0; i < sc->workload.n_mix; i++) {
      size_t mi = sc->workload.mix[i].model;
      const struct og_model *m = &sc->models[mi];
      const struct og_host_group *g = og_class_group_of(c, mi);
      if (!g)
        continue;
      double B = og_best_batch(sc, c, g, m), tb = og_batch_seconds(c, m, B);
      double cap = (double)og_class_replicas(c, mi) * og_class_online_share(c) * B /
                   (tb * og_request_copies(m));
      char full[64];
      snprintf(full, sizeof full, "%s / %.0f (%s)", duration(tb, b, sizeof b), B,
               duration(tb / B, per, sizeof per));
      printf("  %-16s %-16s %12s %26s %16.0f\n", c->name, m->name,
             duration(og_batch_seconds(c, m, 1), a, sizeof a), full, cap);
    }
  }
}

/* Nodes of class c hosting model m online on average (its replicas, or
 * their share of a churning class's mean online). */
static double online_replicas(const struct og_node_class *c, size_t m)
{
  return (double)og_class_replicas(c, m) * og_class_online_share(c);
}

/* Every model's online replicas over all classes: n_models values owned by
 * the caller, or NULL when out of memory. */
static double *online_reps_new(const struct og_scenario *sc)
{
  double *reps = calloc(sc->n_models ? sc->n_models : 1, sizeof *reps);
  for (size_t k = 0; reps && k < sc->n_classes; k++)
    for (size_t m = 0; m < sc->n_models; m++)
      reps[m] += online_replicas(&sc->classes[k], m);
  return reps;
}

/* Requests/s class k receives when each model's requests spread evenly
 * over the online nodes that host it (random routing), as node-seconds per
 * second per online node: how busy it keeps them. */
static double class_busy(const struct og_scenario *sc, size_t k, double rate,
                         const double *reps)
{
  const struct og_node_class *c = &sc->classes[k];
  double busy = 0;
  for (size_t i = 0; i < sc->workload.n_mix; i++) {
    size_t mi = sc->workload.mix[i].model;
    const struct og_host_group *g = og_class_group_of(c, mi);
    double all = reps[mi], here = online_replicas(c, mi);
    if (!g || all == 0)
      continue;
    busy += rate * sc->workload.mix[i].share * (here / all) *
            og_request_work(sc, c, g, &sc->models[mi]);
  }
  return busy / og_class_online(c);
}

/* A line per churning class: the nodes online on average that its
 * capacity counts, from Erlang's loss system (docs/churn.md). */
static void churning(const struct og_scenario *sc)
{
  for (size_t k = 0; k < sc->n_classes; k++) {
    const struct og_node_class *c = &sc->classes[k];
    if (!c->churn.on)
      continue;
    double a = c->churn.join_rate * c->churn.session.mean;
    printf("churn: class '%s': %zu slots, a = join_rate x mean session = %.6g, B(%zu, a) = "
           "%.4g: %.6g nodes online on average (the capacity above counts them)\n", c->name,
           c->count, a, c->count, og_erlang_b(c->count, a), og_class_online(c));
  }
}

/* Per model of the mix: the classes (and nodes) that host it, what they
 * serve of it alone, and its share of the offered load; a warning for each
 * model offered more than its hosts serve. Returns how many were. */
static int per_model(const struct og_scenario *sc, double rate)
{
  int over = 0;
  printf("  %-16s %-32s %16s %16s\n", "model", "hosted by (nodes)", "requests/s", "offered");
  for (size_t i = 0; i < sc->workload.n_mix; i++) {
    size_t mi = sc->workload.mix[i].model;
    const struct og_model *m = &sc->models[mi];
    char where[256];
    size_t at = 0;
    double cap = 0, offered = rate * sc->workload.mix[i].share;
    where[0] = 0;
    for (size_t k = 0; k < sc->n_classes; k++) {
      const struct og_node_class *c = &sc->classes[k];
      const struct og_host_group *g = og_class_group_of(c, mi);
      if (!g)
        continue;
      size_t here = og_class_replicas(c, mi);
      cap += online_replicas(c, mi) / og_request_work(sc, c, g, m);
      if (at < sizeof where)
        at += (size_t)snprintf(where + at, sizeof where - at, "%s%s %zu", at ? ", " : "",
                               c->name, here);
    }
    printf("  %-16s %-32s %16.0f %16.0f\n", m->name, where, cap, offered);
    if (offered > cap) {
      printf("WARNING: model '%s' is offered %.0f requests/s and the nodes that host it serve "
             "at most %.0f: host it on more nodes (hosts:) or lower its share\n", m->name,
             offered, cap);
      over++;
    }
  }
  return over;
}

/* Classes whose nodes are left over by their hosts' shares. */
static void idle_nodes(const struct og_scenario *sc)
{
  for (size_t k = 0; k < sc->n_classes; k++) {
    const struct og_node_class *c = &sc->classes[k];
    for (size_t j = 0; j < c->n_groups; j++)
      if (c->groups[j].n_models == 0 && c->groups[j].count > 0)
        printf("note: %zu node(s) of class '%s' host no model (%s)\n", c->groups[j].count,
               c->name, c->hosts_form == OG_HOSTS_SHARES ? "its hosts' shares sum to less "
               "than 1" : "hosts: []");
  }
}

/* The pre-flight: per class and model, per class (what it serves of the mix
 * and how busy an even share over each model's hosts keeps it), per model
 * over the nodes that host it; then the mix's capacity against the offered
 * rate, with a warning when the rate exceeds it or a class would be nearly
 * always busy. The figures are the serving engine's roofline with the
 * model's protocol (overhead, copies): queueing and routing come on top. */
static void preflight(const struct og_scenario *sc)
{
  per_class(sc);
  double total = 0, rate = og_offered_rate(sc);
  int hot = 0;
  double *reps = online_reps_new(sc);
  if (!reps) {
    fprintf(stderr, "ogsim: out of memory\n");
    return;
  }
  printf("  %-16s %16s %26s\n", "class", "requests/s (mix)", "busy with an even share");
  for (size_t k = 0; k < sc->n_classes; k++) {
    double cap = og_class_capacity(sc, k), busy = class_busy(sc, k, rate, reps);
    total += cap;
    hot |= busy >= 0.95;
    printf("  %-16s %16.0f %25.0f%%\n", sc->classes[k].name, cap, 100 * busy);
  }
  free(reps);
  int over = per_model(sc, rate);
  idle_nodes(sc);
  churning(sc);
  printf("offered: %.0f requests/s; capacity with the mix: %.0f requests/s (offered/capacity "
         "%.0f%%)\n", rate, total, total > 0 ? 100 * rate / total : INFINITY);
  if (rate > total)
    printf("WARNING: the offered load exceeds what all nodes can serve at their best batches: queues "
           "grow for the whole run and latency figures depend on its length; lower the rate or "
           "add nodes\n");
  else if (hot && !over)
    printf("WARNING: a class would be busy 95%% of the time or more with an even share of the "
           "load (random routing's); load-aware routing moves some of it to faster classes, "
           "but may not move enough: the summary names the classes that were overloaded\n");
}

int og_cmd_validate(int argc, char **argv)
{
  struct og_cli_loaded l;
  int rc = og_cli_load(OG_CLI_VALIDATE, argc, argv, &l);
  const struct og_scenario *sc = l.sc;
  if (rc == 0)
    printf("%s: ok: '%s', %zu nodes in %zu classes, %zu regions, %zu models, %s network\n",
           l.a.pos.v[0], sc->name, og_scenario_node_count(sc), sc->n_classes, sc->n_regions,
           sc->n_models, og_net_mode_names[sc->net_mode]);
  if (rc == 0)
    printf("estimate: %s\n", l.estimate);
  if (rc == 0)
    preflight(sc);
  og_cli_done(&l);
  return rc;
}
