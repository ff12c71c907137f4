/* Unit tests: the gateway router (up set, loads, release heap, the pools of
 * nodes each model is routed to) and its four policies, driven directly
 * over an in-memory scenario. */
#include <gsl/gsl_rng.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "routing.h"
#include "scenario.h"

enum { MAX_NODES = 16 };

/* A router over n nodes, node i of class i, class i of stake stake[i]
 * (1 each when stake is NULL). */
static struct og_router *router(enum og_routing_kind kind, size_t n, const double *stake,
                                uint64_t seed)
{
  static struct og_node_class classes[MAX_NODES];
  uint32_t cls[MAX_NODES];
  assert_true(n <= MAX_NODES);
  for (size_t i = 0; i < n; i++) {
    classes[i] = (struct og_node_class){.stake = stake ? stake[i] : 1};
    cls[i] = (uint32_t)i;
  }
  struct og_scenario sc = {.seed = seed, .classes = classes, .n_classes = n, .routing = kind,
                         .n_models = 1};
  struct og_router *r = NULL;
  assert_int_equal(og_router_new(&sc, n, cls, NULL, &r), OG_OK);
  return r;
}


/* Every policy picks only up nodes, -1 when none is, and reaches every up node. */
static void picks_only_up_nodes(void **state)
{
  (void)state;
  const double stake[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  for (size_t k = 0; k < OG_ROUTE_COUNT; k++) { /* every listed policy */
    struct og_router *r = router((enum og_routing_kind)k, 10, stake, 7);
    og_router_set_up(r, 0, 0);
    og_router_set_up(r, 3, 0);
    og_router_set_up(r, 9, 0);
    og_router_set_up(r, 9, 0); /* twice: no effect */
    assert_int_equal(og_router_n_up(r), 7);
    int seen[10] = {0};
    for (int i = 0; i < 5000; i++) {
      long p = og_router_pick(r, 0, 0);
      assert_true(p >= 0 && p < 10 && og_router_is_up(r, (size_t)p));
      seen[p] = 1;
      og_router_load_add(r, (size_t)p, 1);
      if (i % 3 == 0)
        og_router_load_add(r, (size_t)p, -1);
    }
    for (size_t i = 0; i < 10; i++)
      if (seen[i] != og_router_is_up(r, i))
        fail_msg("policy %zu: node %zu seen %d, up %d", k, i, seen[i],
                 og_router_is_up(r, i));
    for (size_t i = 0; i < 10; i++)
      og_router_set_up(r, i, 0);
    assert_int_equal(og_router_pick(r, 0, 0), -1);
    og_router_set_up(r, 4, 1);
    for (int i = 0; i < 100; i++)
      assert_int_equal(og_router_pick(r, 0, 0), 4);
    og_router_free(r);
  }
}

/* Least-loaded picks a node of least load among the up ones; with a tie,
 * each of the tied nodes (uniformly at random, routing/route_least_loaded.c). */
static void least_loaded_picks_least(void **state)
{
  (void)state;
  struct og_router *r = router(OG_ROUTE_LEAST_LOADED, 6, NULL, 3);
  const int load[6] = {4, 2, 7, 1, 3, 1};
  for (size_t i = 0; i < 6; i++)
    og_router_load_add(r, i, load[i]);
  /* nodes 3 and 5 tie at 1: both get picked, nothing else */
  int seen[6] = {0};
  for (int i = 0; i < 200; i++) {
    long p = og_router_pick(r, 0, 0);
    assert_true(p == 3 || p == 5);
    seen[p]++;
  }
  assert_true(seen[3] > 0 && seen[5] > 0);
  /* node 5 goes down: node 3 alone; then node 3 loaded to 3: node 1 (2) */
  og_router_set_up(r, 5, 0);
  assert_int_equal(og_router_pick(r, 0, 0), 3);
  og_router_load_add(r, 3, 2);
  assert_int_equal(og_router_pick(r, 0, 0), 1);
  /* node 5 back up with its load 1: it is the least */
  og_router_set_up(r, 5, 1);
  assert_int_equal(og_router_pick(r, 0, 0), 5);
  /* a load falls to 0 */
  og_router_load_add(r, 2, -7);
  assert_int_equal(og_router_pick(r, 0, 0), 2);
  /* routing by pick and load_add keeps the loads level */
  for (int i = 0; i < 60; i++)
    og_router_load_add(r, (size_t)og_router_pick(r, 0, 0), 1);
  uint32_t lo = UINT32_MAX, hi = 0;
  for (size_t i = 0; i < 6; i++) {
    lo = r->load[i] < lo ? r->load[i] : lo;
    hi = r->load[i] > hi ? r->load[i] : hi;
  }
  assert_true(hi - lo <= 1);
  og_router_free(r);
}

/* A routing type that records the load changes the release heap makes. */
static size_t rec_node[4096];
static size_t n_rec;

static size_t rec_pick(struct og_router *r, struct og_pool *p)
{
  return og__router_random_up(r, p);
}

static void rec_load_changed(struct og_router *r, struct og_pool *p, size_t node, uint32_t old)
{
  (void)p;
  assert_int_equal(r->load[node] + 1, old);
  assert_true(n_rec < sizeof rec_node / sizeof rec_node[0]);
  rec_node[n_rec++] = node;
}

static const struct og_routing_type recorder = {
  .pick = rec_pick, .load_changed = rec_load_changed};

/* Releases take effect at the first pick at or after their time, in order
 * of time and, at equal times, of release. */
static void release_heap_times(void **state)
{
  (void)state;
  struct og_router *r = router(OG_ROUTE_RANDOM, 4, NULL, 1);
  for (size_t i = 0; i < 4; i++)
    og_router_load_add(r, i, 2);
  assert_ptr_equal(r->type, &og_route_random);
  r->type = &recorder;
  assert_int_equal(og_router_release(r, 2, 5.0), OG_OK);
  assert_int_equal(og_router_release(r, 1, 3.0), OG_OK);
  assert_int_equal(og_router_release(r, 0, 3.0), OG_OK);
  assert_int_equal(og_router_release(r, 3, 7.0), OG_OK);
  assert_int_equal(og_router_release(r, 0, 3.0), OG_OK);
  n_rec = 0;
  og_router_pick(r, 0, 2.999);
  assert_int_equal(n_rec, 0);
  og_router_pick(r, 0, 3.0);
  assert_int_equal(n_rec, 3);
  assert_true(rec_node[0] == 1 && rec_node[1] == 0 && rec_node[2] == 0);
  assert_true(r->load[0] == 0 && r->load[1] == 1 && r->load[2] == 2 && r->load[3] == 2);
  og_router_pick(r, 0, 4.999);
  assert_int_equal(n_rec, 3);
  og_router_pick(r, 0, 100);
  assert_int_equal(n_rec, 5);
  assert_true(rec_node[3] == 2 && rec_node[4] == 3);
  assert_true(r->load[2] == 1 && r->load[3] == 1 && r->n_rel == 0);
  r->type = &og_route_random;
  og_router_free(r);
}

/* Many releases at random times with repeats over 16 nodes, picked at
 * rising times: each pick applies exactly those due, in the order of a
 * stable sort by time. */
struct rel {
  double t;
  size_t i, node;
};

static int rel_cmp(const void *a, const void *b)
{
  const struct rel *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

static void release_heap_order(void **state)
{
  (void)state;
  enum { N = 3000 };
  static struct rel want[N];
  struct og_router *r = router(OG_ROUTE_RANDOM, MAX_NODES, NULL, 1);
  for (size_t k = 0; k < MAX_NODES; k++)
    og_router_load_add(r, k, N);
  r->type = &recorder;
  gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(g, 12345);
  for (size_t i = 0; i < N; i++) {
    want[i] = (struct rel){(double)gsl_rng_uniform_int(g, 500) / 10, i,
                           gsl_rng_uniform_int(g, MAX_NODES)};
    assert_int_equal(og_router_release(r, want[i].node, want[i].t), OG_OK);
  }
  gsl_rng_free(g);
  qsort(want, N, sizeof *want, rel_cmp);
  n_rec = 0;
  for (double now = -1; now <= 50; now += 0.37) {
    og_router_pick(r, 0, now);
    size_t due = 0;
    while (due < N && want[due].t <= now)
      due++;
    assert_int_equal(n_rec, due);
  }
  og_router_pick(r, 0, 1e9);
  assert_int_equal(n_rec, N);
  for (size_t i = 0; i < N; i++)
    if (rec_node[i] != want[i].node)
      fail_msg("release %zu: node %zu, want %zu (t %g)", i, rec_node[i], want[i].node,
               want[i].t);
  assert_int_equal(r->n_rel, 0);
  r->type = &og_route_random;
  og_router_free(r);
}

/* Power-of-two draws two up nodes as random routing does and keeps the one
 * with less load, the first on a tie: a random router on the same seed
 * replays its draws. */
static void power_of_two_picks_lesser(void **state)
{
  (void)state;
  struct og_router *p = router(OG_ROUTE_POWER_OF_TWO, 12, NULL, 99);
  struct og_router *q = router(OG_ROUTE_RANDOM, 12, NULL, 99);
  og_router_set_up(p, 5, 0);
  og_router_set_up(q, 5, 0);
  size_t lesser = 0, first_of_tie = 0;
  for (int i = 0; i < 5000; i++) {
    size_t a = (size_t)og_router_pick(q, 0, 0), b = (size_t)og_router_pick(q, 0, 0);
    size_t want = p->load[b] < p->load[a] ? b : a;
    long got = og_router_pick(p, 0, 0);
    if (got != (long)want)
      fail_msg("pick %d: %ld, want %zu (draws %zu load %u, %zu load %u)", i, got, want, a,
               p->load[a], b, p->load[b]);
    lesser += p->load[a] != p->load[b];
    first_of_tie += a != b && p->load[a] == p->load[b];
    og_router_load_add(p, want, 1);
    size_t k = (size_t)i % 12;
    if (i % 2 && p->load[k] > 0)
      og_router_load_add(p, k, -1);
  }
  assert_true(lesser > 100 && first_of_tie > 100); /* both branches ran */
  og_router_free(p);
  og_router_free(q);
}

/* Chi-square of n observed counts against expected shares w (sum 1). */
static double chi_square(const size_t *obs, const double *w, size_t n, size_t total)
{
  double x = 0;
  for (size_t i = 0; i < n; i++) {
    double e = w[i] * (double)total;
    x += ((double)obs[i] - e) * ((double)obs[i] - e) / e;
  }
  return x;
}

/* Stake-weighted frequencies match the stakes of the up nodes: 100,000
 * picks at seed 5, chi-square below the 0.1% critical value (16.27 for 3
 * degrees of freedom, 13.82 for 2); uniform picks would give thousands. */
static void stake_weighted_frequencies(void **state)
{
  (void)state;
  enum { N = 100000 };
  const double stake[4] = {1, 2, 3, 4};
  struct og_router *r = router(OG_ROUTE_STAKE_WEIGHTED, 4, stake, 5);
  size_t obs[4] = {0};
  for (int i = 0; i < N; i++)
    obs[og_router_pick(r, 0, 0)]++;
  const double w4[4] = {0.1, 0.2, 0.3, 0.4};
  double x = chi_square(obs, w4, 4, N);
  if (!(x < 16.27))
    fail_msg("all up: chi-square %g (%zu %zu %zu %zu)", x, obs[0], obs[1], obs[2], obs[3]);
  /* node 3 down: the others keep their proportions */
  og_router_set_up(r, 3, 0);
  memset(obs, 0, sizeof obs);
  for (int i = 0; i < N; i++)
    obs[og_router_pick(r, 0, 0)]++;
  const double w3[3] = {1 / 6.0, 2 / 6.0, 3 / 6.0};
  assert_int_equal(obs[3], 0);
  x = chi_square(obs, w3, 3, N);
  if (!(x < 13.82))
    fail_msg("node 3 down: chi-square %g (%zu %zu %zu)", x, obs[0], obs[1], obs[2]);
  og_router_free(r);
}

/* Almost all stake down: the alias draws miss, the scan over up nodes
 * takes over, with the same proportions. */
static void stake_weighted_fallback(void **state)
{
  (void)state;
  enum { N = 30000 };
  const double stake[4] = {1, 2, 3, 1e12};
  struct og_router *r = router(OG_ROUTE_STAKE_WEIGHTED, 4, stake, 5);
  og_router_set_up(r, 3, 0);
  size_t obs[4] = {0};
  for (int i = 0; i < N; i++)
    obs[og_router_pick(r, 0, 0)]++;
  const double w3[3] = {1 / 6.0, 2 / 6.0, 3 / 6.0};
  assert_int_equal(obs[3], 0);
  double x = chi_square(obs, w3, 3, N);
  if (!(x < 13.82))
    fail_msg("fallback: chi-square %g (%zu %zu %zu)", x, obs[0], obs[1], obs[2]);
  og_router_free(r);
}

/* A router over 6 nodes of one class, for 4 models: nodes 0-2 (group 0)
 * host models 0, 1 and 3; nodes 3-5 (group 1) host models 1 and 2. */
static struct og_router *placed(enum og_routing_kind kind)
{
  static struct og_node_class cls1[1] = {{.stake = 1}};
  static const uint32_t group[6] = {0, 0, 0, 1, 1, 1};
  static const unsigned char has[2 * 4] = {1, 1, 0, 1, /* group 0 */ 0, 1, 1, 0};
  uint32_t cls[6] = {0};
  struct og_scenario sc = {.seed = 5, .classes = cls1, .n_classes = 1, .routing = kind,
                           .n_models = 4};
  struct og_router_hosts h = {.n_groups = 2, .n_models = 4, .node_group = group, .has = has};
  struct og_router *r = NULL;
  assert_int_equal(og_router_new(&sc, 6, cls, &h, &r), OG_OK);
  return r;
}

/* Nodes picked for model m over many picks (bit i: node i), each let go
 * of at once: loads stay level, so every policy reaches every candidate. */
static unsigned picked(struct og_router *r, uint32_t m)
{
  unsigned seen = 0;
  for (int i = 0; i < 400; i++) {
    long k = og_router_pick(r, m, 0);
    if (k < 0)
      return 1u << 31;
    seen |= 1u << k;
    og_router_load_add(r, (size_t)k, 1);
    og_router_load_add(r, (size_t)k, -1);
  }
  return seen;
}

/* Models with the same hosts share a pool, a model every node hosts uses
 * the up set's; every policy picks among the up hosts of the model only. */
static void pools_by_hosts(void **state)
{
  (void)state;
  for (size_t k = 0; k < OG_ROUTE_COUNT; k++) {
    struct og_router *r = placed((enum og_routing_kind)k);
    assert_int_equal(r->n_pools, 3);
    assert_int_equal(r->pool_of[1], 0);
    assert_int_equal(r->pool_of[0], r->pool_of[3]);
    assert_int_not_equal(r->pool_of[0], r->pool_of[2]);
    assert_true(og_router_hosts(r, 2, 0) && !og_router_hosts(r, 3, 0));
    assert_int_equal(picked(r, 0), 0x07);
    assert_int_equal(picked(r, 2), 0x38);
    assert_int_equal(picked(r, 1), 0x3f);
    og_router_set_up(r, 1, 0);
    assert_int_equal(picked(r, 0), 0x05);
    assert_int_equal(picked(r, 1), 0x3d);
    og_router_set_up(r, 0, 0);
    og_router_set_up(r, 2, 0);
    assert_int_equal(og_router_pick(r, 0, 0), -1); /* no host of model 0 is up */
    assert_int_equal(og_router_pick(r, 3, 0), -1);
    assert_int_equal(picked(r, 2), 0x38);
    og_router_set_up(r, 2, 1);
    assert_int_equal(picked(r, 3), 0x04);
    og_router_free(r);
  }
}

/* A node joins or leaves a model's hosts at run time: the model gets a
 * pool of its own and the models it shared with keep theirs. */
static void pools_change_at_run_time(void **state)
{
  (void)state;
  for (size_t k = 0; k < OG_ROUTE_COUNT; k++) {
    struct og_router *r = placed((enum og_routing_kind)k);
    assert_int_equal(og_router_set_host(r, 4, 0, 1), OG_OK);
    assert_int_not_equal(r->pool_of[0], r->pool_of[3]);
    assert_int_equal(picked(r, 0), 0x17);
    assert_int_equal(picked(r, 3), 0x07);
    assert_int_equal(og_router_set_host(r, 4, 0, 1), OG_OK); /* twice: no change */
    assert_int_equal(og_router_pool(r, 0)->members, 4);
    /* model 1, hosted everywhere, loses node 0: the up set keeps it */
    assert_int_equal(og_router_set_host(r, 0, 1, 0), OG_OK);
    assert_int_not_equal(r->pool_of[1], 0);
    assert_true(!og_router_hosts(r, 0, 1) && og_router_is_up(r, 0));
    assert_int_equal(picked(r, 1), 0x3e);
    assert_int_equal(og_router_n_up(r), 6);
    /* a down node that joins is picked once it is up */
    og_router_set_up(r, 5, 0);
    assert_int_equal(og_router_set_host(r, 5, 3, 1), OG_OK);
    assert_int_equal(picked(r, 3), 0x07);
    og_router_set_up(r, 5, 1);
    assert_int_equal(picked(r, 3), 0x27);
    og_router_free(r);
  }
}

/* Every node hosting every model: one pool, the up set's. */
static void one_pool_when_all_host(void **state)
{
  (void)state;
  static struct og_node_class cls1[1] = {{.stake = 1}};
  static const uint32_t group[4] = {0, 1, 1, 0};
  static const unsigned char has[2 * 2] = {1, 1, 1, 1};
  uint32_t cls[4] = {0};
  struct og_scenario sc = {.seed = 5, .classes = cls1, .n_classes = 1,
                           .routing = OG_ROUTE_LEAST_LOADED, .n_models = 2};
  struct og_router_hosts h = {.n_groups = 2, .n_models = 2, .node_group = group, .has = has};
  struct og_router *r = NULL;
  assert_int_equal(og_router_new(&sc, 4, cls, &h, &r), OG_OK);
  assert_int_equal(r->n_pools, 1);
  assert_int_equal(r->pool_of[0], 0);
  assert_int_equal(r->pool_of[1], 0);
  og_router_free(r);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(picks_only_up_nodes),
    cmocka_unit_test(least_loaded_picks_least),
    cmocka_unit_test(release_heap_times),
    cmocka_unit_test(release_heap_order),
    cmocka_unit_test(power_of_two_picks_lesser),
    cmocka_unit_test(stake_weighted_frequencies),
    cmocka_unit_test(stake_weighted_fallback),
    cmocka_unit_test(pools_by_hosts),
    cmocka_unit_test(pools_change_at_run_time),
    cmocka_unit_test(one_pool_when_all_host),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
