/* Link accounting (docs/network.md), the engine's half: every message the
 * engine hands a network mode is counted on its way out, whatever the
 * mode, into one stream whose links are fixed: a client host's route to
 * the gateway; the gateway's to a class's nodes; a class's nodes' to a
 * client host, or to the gateway. A node class lives in one region, so
 * every node of it has the same links past its own NIC, and its own NICs
 * are those streams summed. Plus the node's bytes in the window, for the
 * busiest. That is two additions a message; the streams are spread over
 * SimGrid's links once, at the end (og__netstat_finish). With a user's
 * platform file, routes can differ node by node: each node's streams are
 * spread over its own routes, without time series. Weight loads are
 * counted on their routes at the end too. */
#include <math.h>
#include <simgrid/host.h>
#include <simgrid/link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xbt/dynar.h>

#include "flows.h"
#include "grow.h"
#include "netmode.h"
#include "strmap.h"

/* One stream of messages over a fixed set of links. */
struct acc {
  double bytes, msgs, an_bytes, an_msgs, an_sq, win_bytes;
  double *bin;          /* bytes per time-series bin, from bin bin0 on */
  size_t n_bin, cap_bin, bin0;
};

struct og_netstat {
  double t0, t1, dt;
  int per_node;        /* a user's platform: streams per node */
  size_t n_ch;         /* client hosts, all clients' */
  size_t *ch0;         /* [client]: its first host's index among them */
  struct acc *c2g;     /* [client host] */
  double inv_dt;
  struct acc *g2n, *n2g; /* [class] (per_node: [node]) */
  struct acc *n2c;     /* [class x client host] (per_node: [node x client host]) */
  double *node_rx, *node_tx; /* [node]: bytes in the window */
};

/* Count a message of `bytes` sent at t on stream a (with its time series
 * unless the stream is a node's own: user platforms). */
static inline void add(struct og_engine *e, struct acc *a, double bytes, int analytic, double t,
                       int binned)
{
  const struct og_netstat *s = e->ns;
  a->bytes += bytes;
  a->msgs += 1;
  if (analytic) {
    a->an_bytes += bytes;
    a->an_msgs += 1;
    a->an_sq += bytes * bytes;
  }
  if (t >= s->t0 && t < s->t1)
    a->win_bytes += bytes;
  if (!binned)
    return;
  size_t b = t > 0 ? (size_t)(t * s->inv_dt) : 0;
  if (b >= a->n_bin) {
    if (og_grow((void **)&a->bin, &a->cap_bin, b + 1, sizeof *a->bin, 16)) {
      e->oom = 1;
      return;
    }
    memset(a->bin + a->n_bin, 0, (b + 1 - a->n_bin) * sizeof *a->bin);
    a->n_bin = b + 1;
  }
  a->bin[b] += bytes;
}

static int analytic(const struct og_engine *e, double bytes)
{
  return e->net->analytic(e, bytes);
}

static size_t region_of(const struct og_engine *e, const struct og_node *n)
{
  return e->sc->classes[n->cls].region;
}

enum og_status og__netstat_init(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  struct og_netstat *s = calloc(1, sizeof *s);
  e->ns = s;
  if (!s)
    return OG_ENOMEM;
  s->t0 = sc->warmup;
  s->t1 = sc->duration;
  s->dt = sc->ts_interval;
  s->inv_dt = 1 / s->dt;
  s->per_node = sc->platform_file != NULL;
  size_t nr = s->per_node ? e->n_nodes : sc->n_classes;
  s->ch0 = calloc(e->n_clients ? e->n_clients : 1, sizeof *s->ch0);
  if (!s->ch0)
    return OG_ENOMEM;
  for (size_t c = 0; c < e->n_clients; c++) {
    s->ch0[c] = s->n_ch;
    s->n_ch += e->clients[c].n_hosts;
  }
  size_t nc = s->n_ch;
  s->c2g = calloc(nc ? nc : 1, sizeof *s->c2g);
  s->g2n = calloc(nr ? nr : 1, sizeof *s->g2n);
  s->n2g = calloc(nr ? nr : 1, sizeof *s->n2g);
  s->n2c = calloc(nr * nc > 0 ? nr * nc : 1, sizeof *s->n2c);
  s->node_rx = calloc(e->n_nodes ? e->n_nodes : 1, sizeof *s->node_rx);
  s->node_tx = calloc(e->n_nodes ? e->n_nodes : 1, sizeof *s->node_tx);
  if (!s->c2g || !s->g2n || !s->n2g || !s->n2c || !s->node_rx || !s->node_tx)
    return OG_ENOMEM;
  return OG_OK;
}

static void acc_free(struct acc *a, size_t n)
{
  for (size_t i = 0; a && i < n; i++)
    free(a[i].bin);
  free(a);
}

void og__netstat_free(struct og_engine *e)
{
  struct og_netstat *s = e->ns;
  if (!s)
    return;
  size_t nr = s->per_node ? e->n_nodes : e->sc->n_classes;
  acc_free(s->c2g, s->n_ch);
  acc_free(s->g2n, nr);
  acc_free(s->n2g, nr);
  acc_free(s->n2c, nr * s->n_ch);
  free(s->ch0);
  free(s->node_rx);
  free(s->node_tx);
  free(s);
  e->ns = NULL;
}

/* ---- counting ----------------------------------------------------------- */

static size_t slot(const struct og_engine *e, const struct og_node *n)
{
  return e->ns->per_node ? n->id : n->cls;
}

void og__netstat_c2g(struct og_engine *e, const struct og_request *r)
{
  double b = og__req_bytes(e, r), t = og__now();
  add(e, &e->ns->c2g[e->ns->ch0[r->client] + r->client_host], b, analytic(e, b), t, 1);
}

static void in_window(const struct og_netstat *s, double *v, double b, double t)
{
  if (t >= s->t0 && t < s->t1)
    *v += b;
}

void og__netstat_g2n(struct og_engine *e, const struct og_node *n, const struct og_request *r)
{
  struct og_netstat *s = e->ns;
  double b = og__req_bytes(e, r), t = og__now();
  add(e, &s->g2n[slot(e, n)], b, analytic(e, b), t, !s->per_node);
  in_window(s, &s->node_rx[n->id], b, t);
}

void og__netstat_n2g(struct og_engine *e, const struct og_request *r)
{
  struct og_netstat *s = e->ns;
  const struct og_node *n = &e->nodes[r->node];
  double b = og__req_bytes(e, r), t = og__node_real_now(n);
  add(e, &s->n2g[slot(e, n)], b, analytic(e, b), t, !s->per_node);
  in_window(s, &s->node_tx[n->id], b, t);
}

void og__netstat_n2c(const struct og_node *n, const struct og_request *r)
{
  struct og_engine *e = n->e;
  struct og_netstat *s = e->ns;
  double b = og__resp_bytes(e, r), t = og__node_real_now(n);
  add(e, &s->n2c[slot(e, n) * s->n_ch + s->ch0[r->client] + r->client_host], b, analytic(e, b),
      t, !s->per_node);
  in_window(s, &s->node_tx[n->id], b, t);
}

/* ---- spreading the streams over the links ------------------------------ */

struct row {
  struct og_link_record rec;
  double *bins;
  size_t n_bins, cap_bins;
  char *name, *kind;
};

struct spread {
  struct og_engine *e;
  struct og_strmap map; /* SimGrid link name -> row */
  struct row *rows;
  size_t n, cap;
  int oom;
};

static void acc_into(struct spread *sp, struct row *w, const struct acc *a)
{
  struct og_link_record *r = &w->rec;
  r->bytes += a->bytes;
  r->msgs += a->msgs;
  r->analytic_bytes += a->an_bytes;
  r->analytic_msgs += a->an_msgs;
  r->analytic_bytes_sq += a->an_sq;
  r->window_bytes += a->win_bytes;
  size_t end = a->bin0 + a->n_bin;
  if (a->n_bin > 0 && end > w->n_bins) {
    if (og_grow((void **)&w->bins, &w->cap_bins, end, sizeof *w->bins, 16)) {
      sp->oom = 1;
      return;
    }
    memset(w->bins + w->n_bins, 0, (end - w->n_bins) * sizeof *w->bins);
    w->n_bins = end;
  }
  for (size_t b = 0; b < a->n_bin; b++)
    w->bins[a->bin0 + b] += a->bin[b];
}

/* A readable name for SimGrid link `id` of a generated platform: host ids
 * (c3, s1, gateway) and WAN ids (wan-0-2) in the scenario's names. */
static char *display_name(const struct og_engine *e, const char *id)
{
  const struct og_scenario *sc = e->sc;
  char buf[512];
  size_t i, j;
  const char *dash = strchr(id, '-');
  if (sc->platform_file || !dash) {
    snprintf(buf, sizeof buf, "%s", id);
  } else if (sscanf(id, "wan-%zu-%zu", &i, &j) == 2 && i < sc->n_regions && j < sc->n_regions) {
    snprintf(buf, sizeof buf, "wan-%s-%s", sc->regions[i].name, sc->regions[j].name);
  } else if (id[0] == 'c' && sscanf(id + 1, "%zu", &i) == 1 && i < sc->workload.n_clients) {
    const char *rest = id + 1 + strspn(id + 1, "0123456789"); /* ":J-nic_UP": host J */
    snprintf(buf, sizeof buf, "client%zu-%s%s", i, sc->regions[sc->workload.clients[i].region].name,
             rest);
  } else if (id[0] == 's' && sscanf(id + 1, "%zu", &i) == 1 && i < sc->n_storage) {
    snprintf(buf, sizeof buf, "storage-%s%s", sc->storage[i].name, dash);
  } else {
    snprintf(buf, sizeof buf, "%s", id);
  }
  size_t n = strlen(buf) + 1;
  char *p = malloc(n);
  if (p)
    memcpy(p, buf, n);
  return p;
}

static const char *kind_of(const char *id)
{
  size_t n = strlen(id);
  if (n > 3 && !strcmp(id + n - 3, "_UP"))
    return "nic_up";
  if (n > 5 && !strcmp(id + n - 5, "_DOWN"))
    return "nic_down";
  return strncmp(id, "wan-", 4) ? "link" : "wan";
}

static struct row *row_of(struct spread *sp, sg_link_t l)
{
  const char *id = sg_link_get_name(l);
  size_t k = og__strmap_get(&sp->map, id);
  if (k != SIZE_MAX)
    return &sp->rows[k];
  if (og_grow((void **)&sp->rows, &sp->cap, sp->n + 1, sizeof *sp->rows, 16)) {
    sp->oom = 1;
    return NULL;
  }
  struct row *w = &sp->rows[sp->n];
  *w = (struct row){.rec = {.capacity = sg_link_get_bandwidth(l), .count = 1, .busiest = -1}};
  w->name = display_name(sp->e, id);
  w->rec.name = w->name;
  w->rec.kind = kind_of(id);
  if (!w->name || og__strmap_put(&sp->map, id, sp->n, NULL) != OG_OK) {
    free(w->name);
    sp->oom = 1;
    return NULL;
  }
  return &sp->rows[sp->n++];
}

/* Links a border host stands in for: unlimited (platform.c), never a
 * bottleneck, left out. */
#define UNLIMITED 1e15

/* Spread stream a over the route from `from` to `to`, without its first
 * (skip_first) or last (skip_last) link: a node's own NIC. */
static void over(struct spread *sp, const struct acc *a, sg_host_t from, sg_host_t to,
                 int skip_first, int skip_last)
{
  if (!a->msgs || !from || !to)
    return;
  xbt_dynar_t d = xbt_dynar_new(sizeof(sg_link_t), NULL);
  sg_host_get_route(from, to, d);
  size_t n = xbt_dynar_length(d);
  for (size_t i = skip_first ? 1 : 0; i + (skip_last ? 1 : 0) < n; i++) {
    sg_link_t l = xbt_dynar_get_as(d, i, sg_link_t);
    if (sg_link_get_bandwidth(l) >= UNLIMITED)
      continue;
    struct row *w = row_of(sp, l);
    if (w)
      acc_into(sp, w, a);
  }
  xbt_dynar_free(&d);
}

/* The node NICs of class c, in (rx) or out: one row. */
static void class_nics(struct spread *sp, size_t c, int out)
{
  struct og_engine *e = sp->e;
  const struct og_netstat *s = e->ns;
  const struct og_node_class *nc = &e->sc->classes[c];
  if (!nc->count ||
      og_grow((void **)&sp->rows, &sp->cap, sp->n + 1, sizeof *sp->rows, 16)) {
    sp->oom |= nc->count > 0;
    return;
  }
  struct row *w = &sp->rows[sp->n];
  *w = (struct row){.rec = {.capacity = e->sc->regions[nc->region].bandwidth,
                            .count = nc->count, .busiest = -1, .cls = nc->name,
                            .kind = out ? "nic_up" : "nic_down"}};
  char buf[300];
  snprintf(buf, sizeof buf, "%s-nics_%s", nc->name, out ? "UP" : "DOWN");
  w->name = malloc(strlen(buf) + 1);
  if (!w->name) {
    sp->oom = 1;
    return;
  }
  memcpy(w->name, buf, strlen(buf) + 1);
  w->rec.name = w->name;
  for (size_t i = 0; i < e->n_nodes; i++) {
    double v = out ? s->node_tx[i] : s->node_rx[i];
    if (e->nodes[i].cls == c && (w->rec.busiest < 0 || v > w->rec.busiest_window_bytes)) {
      w->rec.busiest = (int64_t)i;
      w->rec.busiest_window_bytes = v;
    }
  }
  sp->n++;
  if (!out) {
    acc_into(sp, w, &s->g2n[c]);
    return;
  }
  acc_into(sp, w, &s->n2g[c]);
  for (size_t h = 0; h < s->n_ch; h++)
    acc_into(sp, w, &s->n2c[c * s->n_ch + h]);
}

/* Every weight load on its route (counted at its start: one bin). */
static void loads(struct spread *sp)
{
  struct og_engine *e = sp->e;
  for (size_t i = 0; i < e->n_loads; i++) {
    const struct og_load *L = e->loads[i];
    double bytes = L->bytes;
    struct acc a = {.bytes = bytes, .msgs = 1, .bin = &bytes, .n_bin = 1,
                    .bin0 = L->t_start > 0 ? (size_t)(L->t_start * e->ns->inv_dt) : 0};
    if (L->t_start >= e->ns->t0 && L->t_start < e->ns->t1)
      a.win_bytes = bytes;
    over(sp, &a, L->src, e->nodes[L->node].host, 0, 0);
  }
}

enum og_status og__netstat_finish(struct og_engine *e)
{
  const struct og_scenario *sc = e->sc;
  const struct og_netstat *s = e->ns;
  struct spread sp = {.e = e};
  for (size_t c = 0; c < e->n_clients; c++)
    for (size_t h = 0; h < e->clients[c].n_hosts; h++)
      over(&sp, &s->c2g[s->ch0[c] + h], e->clients[c].hosts[h].host, e->gw_host, 0, 0);
  if (s->per_node) {
    for (size_t i = 0; i < e->n_nodes; i++) {
      sg_host_t h = e->nodes[i].host;
      over(&sp, &s->g2n[i], e->gw_host, h, 0, 0);
      over(&sp, &s->n2g[i], h, e->gw_host, 0, 0);
      for (size_t c = 0; c < e->n_clients; c++)
        for (size_t k = 0; k < e->clients[c].n_hosts; k++)
          over(&sp, &s->n2c[i * s->n_ch + s->ch0[c] + k], h, e->clients[c].hosts[k].host, 0, 0);
    }
  } else {
    for (size_t k = 0; k < sc->n_classes; k++) {
      sg_host_t rep = NULL; /* a node host of k's region: the routes are the same for all */
      for (size_t i = 0; i < e->n_nodes && !rep; i++)
        if (region_of(e, &e->nodes[i]) == sc->classes[k].region)
          rep = e->nodes[i].host;
      over(&sp, &s->g2n[k], e->gw_host, rep, 0, 1);
      over(&sp, &s->n2g[k], rep, e->gw_host, 1, 0);
      for (size_t c = 0; c < e->n_clients; c++)
        for (size_t h = 0; h < e->clients[c].n_hosts; h++)
          over(&sp, &s->n2c[k * s->n_ch + s->ch0[c] + h], rep, e->clients[c].hosts[h].host, 1, 0);
    }
    for (size_t c = 0; c < sc->n_classes; c++) {
      class_nics(&sp, c, 0);
      class_nics(&sp, c, 1);
    }
  }
  loads(&sp);
  struct og_link_record *recs = malloc((sp.n ? sp.n : 1) * sizeof *recs);
  enum og_status st = sp.oom || !recs ? OG_ENOMEM : OG_OK;
  for (size_t i = 0; st == OG_OK && i < sp.n; i++) {
    recs[i] = sp.rows[i].rec;
    recs[i].bins = sp.rows[i].bins;
    recs[i].n_bins = sp.rows[i].n_bins;
  }
  if (st == OG_OK)
    st = og_metrics_links(e->m, recs, sp.n, og__flows_started(e));
  free(recs);
  for (size_t i = 0; i < sp.n; i++) {
    free(sp.rows[i].name);
    free(sp.rows[i].bins);
  }
  free(sp.rows);
  og__strmap_fini(&sp.map);
  return st;
}
