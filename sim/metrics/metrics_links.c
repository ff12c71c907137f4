/* Link accounting (docs/network.md): bytes offered to each link of the
 * platform (and to each class's node NICs, summed) in every network mode,
 * their utilisation over the window and over time, the /links and
 * /link_timeseries tables, the summary's network entries and its warnings:
 * a link offered more than its capacity, and analytic delays where they are
 * known to be off by more than 2% at p99. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"

/* Analytic delays count each message alone on its links. A message of
 * transfer time T on a link of utilisation u meets another with
 * probability about 2u (Poisson arrivals of equal messages), and then
 * takes up to twice T: once 2u passes 1% the 99th percentile sees that,
 * and it moves p99 by more than 2% when T is more than 2% of it. */
#define ANALYTIC_MIN_UTILISATION 0.005
#define ANALYTIC_MAX_SHARE 0.02

static char *dup_or_null(const char *s)
{
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}

enum og_status og_metrics_links(struct og_metrics *m, const struct og_link_record *links,
                                size_t n, uint64_t flows)
{
  struct og_metrics_links *l = &m->links;
  l->flows = flows;
  if (og_grow((void **)&l->rec, &l->cap, l->n + n, sizeof *l->rec, 16))
    return OG_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    struct og_link_record r = links[i];
    double *bins = malloc((r.n_bins ? r.n_bins : 1) * sizeof *bins);
    r.name = dup_or_null(r.name);
    r.kind = dup_or_null(r.kind);
    r.cls = dup_or_null(r.cls);
    if (!bins || !r.name || !r.kind || (links[i].cls && !r.cls)) {
      free(bins);
      free((char *)r.name);
      free((char *)r.kind);
      free((char *)r.cls);
      return OG_ENOMEM;
    }
    if (r.n_bins)
      memcpy(bins, links[i].bins, r.n_bins * sizeof *bins);
    r.bins = bins;
    l->rec[l->n++] = r;
  }
  return OG_OK;
}

void og__metrics_links_free(struct og_metrics *m)
{
  struct og_metrics_links *l = &m->links;
  for (size_t i = 0; i < l->n; i++) {
    free((char *)l->rec[i].name);
    free((char *)l->rec[i].kind);
    free((char *)l->rec[i].cls);
    free((double *)l->rec[i].bins);
  }
  free(l->rec);
  free(l->order);
  free(l->warnings);
  *l = (struct og_metrics_links){0};
}

static double window(const struct og_metrics *m)
{
  return m->t1 - m->t0;
}

/* Mean utilisation over the window: of a link, or of a class's NICs. */
static double utilisation(const struct og_metrics *m, const struct og_link_record *r)
{
  return r->window_bytes / (r->capacity * (double)r->count * window(m));
}

/* The utilisation that decides warnings: a class's busiest NIC. */
static double worst(const struct og_metrics *m, const struct og_link_record *r)
{
  return r->busiest >= 0 ? r->busiest_window_bytes / (r->capacity * window(m))
                         : utilisation(m, r);
}

static double peak(const struct og_metrics *m, const struct og_link_record *r)
{
  double p = 0;
  for (size_t b = 0; b < r->n_bins; b++)
    p = fmax(p, r->bins[b] / (r->capacity * (double)r->count * m->dt));
  return p;
}

static void warn(struct og_metrics *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct og_metrics *m, const char *fmt, ...)
{
  struct og_metrics_links *l = &m->links;
  va_list ap;
  va_start(ap, fmt);
  if (og__metrics_vappend(&l->warnings, &l->wlen, &l->wcap, fmt, ap) != 0)
    m->oom = 1;
  va_end(ap);
}

static const char *label(const struct og_link_record *r, char *buf, size_t len)
{
  if (r->cls)
    snprintf(buf, len, "the %s NICs of class %s (busiest: node %lld)",
             strcmp(r->kind, "nic_up") ? "inbound" : "outbound", r->cls, (long long)r->busiest);
  else
    snprintf(buf, len, "link %s", r->name);
  return buf;
}

/* A link's load (worst()) and its index, to sort by. */
struct keyed {
  double load;
  size_t i;
};

/* By utilisation (the busiest NIC for a class), most loaded first (NaN
 * last); then by the order they came in. */
static int by_load(const void *a, const void *b)
{
  const struct keyed *x = a, *y = b;
  int nx = isnan(x->load), ny = isnan(y->load);
  if (nx != ny)
    return nx - ny;
  if (!nx && x->load != y->load)
    return x->load > y->load ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

void og__metrics_links_summary(struct og_metrics *m)
{
  struct og_metrics_links *l = &m->links;
  const struct og_scenario *sc = m->sc;
  free(l->order);
  l->order = malloc((l->n ? l->n : 1) * sizeof *l->order);
  struct keyed *key = malloc((l->n ? l->n : 1) * sizeof *key);
  if (l->warnings)
    l->wlen = 0, l->warnings[0] = 0;
  if (!l->order || !key) {
    free(key);
    m->oom = 1;
    return;
  }
  for (size_t i = 0; i < l->n; i++)
    key[i] = (struct keyed){worst(m, &l->rec[i]), i};
  qsort(key, l->n, sizeof *key, by_load);
  for (size_t i = 0; i < l->n; i++)
    l->order[i] = key[i].i;
  free(key);
  double umax = 0, pmax = 0, over = 0, off = 0;
  double p99 = m->has[OG_SUM_LATENCY_P99] ? m->sum[OG_SUM_LATENCY_P99] : NAN;
  const char *mode = og_net_mode_names[sc->net_mode];
  char name[256];
  for (size_t k = 0; k < l->n; k++) {
    const struct og_link_record *r = &l->rec[l->order[k]];
    double u = worst(m, r);
    umax = fmax(umax, u);
    pmax = fmax(pmax, peak(m, r));
    if (k < 3)
      og__metrics_set(m, OG_SUM_BUSIEST_LINK_1 + k, u);
    if (u > 1) {
      over++;
      double an = r->bytes > 0 ? r->analytic_bytes / r->bytes : 0;
      warn(m, "WARNING: network bottleneck: %s was offered %.0f%% of its capacity over the "
              "window. %s", label(r, name, sizeof name), 100 * u,
           an > 0.5 ? "Its messages are analytic delays here, which ignore the link's capacity: "
                      "the latencies and throughput reported are impossible. Run "
                      "network.mode: hybrid (a flow_threshold below these messages) or exact."
                    : "Its flows queue behind each other: latencies grow with the run's length.");
      continue;
    }
    if (r->analytic_bytes > 0 && u > ANALYTIC_MIN_UTILISATION && isfinite(p99) && p99 > 0) {
      /* the transfer time of the message a byte travels in: large
       * messages weigh by their size, as in the link's load */
      double size = r->analytic_bytes_sq / r->analytic_bytes, t = size / r->capacity;
      if (t > ANALYTIC_MAX_SHARE * p99) {
        off++;
        warn(m, "WARNING: analytic network delays may be off by more than 2%% at p99 on %s: "
                "utilisation %.1f%%, transfer time %.3g ms (of the mean byte's message) against "
                "latency_p99 %.3g ms, and analytic delays ignore contention (network.mode %s). "
                "Run network.mode: hybrid with flow_threshold below %.3g B, or exact "
                "(docs/network.md).", label(r, name, sizeof name), 100 * u, 1e3 * t, 1e3 * p99,
             mode, size);
      }
    }
  }
  og__metrics_set(m, OG_SUM_LINK_UTILISATION_MAX, umax);
  og__metrics_set(m, OG_SUM_LINK_UTILISATION_PEAK, pmax);
  og__metrics_set(m, OG_SUM_LINKS_OVER_CAPACITY, over);
  og__metrics_set(m, OG_SUM_LINKS_ANALYTIC_OFF, off);
  og__metrics_set(m, OG_SUM_FLOWS, (double)l->flows);
  og__metrics_warnings_join(m, l->warnings, l->wlen);
}

/* The busiest links' entries say which link they are. */
void og__metrics_links_label(struct og_metrics *m)
{
  struct og_metrics_links *l = &m->links;
  for (size_t i = 0; i < m->n_summary; i++) {
    size_t k;
    if (sscanf(m->summary[i].name, "busiest_link_%zu", &k) != 1 || k < 1 || k > l->n)
      continue;
    const struct og_link_record *r = &l->rec[l->order[k - 1]];
    char buf[320], name[256];
    snprintf(buf, sizeof buf, "%s: its utilisation over the window (offered bytes / capacity)",
             label(r, name, sizeof name));
    char *d = og__metrics_own(m, strlen(buf) + 1);
    if (!d) {
      m->oom = 1;
      return;
    }
    memcpy(d, buf, strlen(buf) + 1);
    m->summary[i].desc = d;
  }
}

/* /links: one row per link (and per class's node NICs), most loaded
 * first; /link_timeseries: bytes and utilisation per link and bin. */
enum og_status og__metrics_links_tables(struct og_metrics *m)
{
  const struct og_metrics_links *l = &m->links;
  if (!l->n)
    return OG_OK;
  struct og_table_builder b = og__metrics_table(m, "links", l->n, 0);
  const char **name = og__metrics_col(&b, "link", "", "link name", OG_COL_STR);
  const char **kind = og__metrics_col(&b, "kind", "",
      "wan, link (another link of the platform), nic_up or nic_down", OG_COL_STR);
  const char **cls = og__metrics_col(&b, "class", "",
                                     "node class of a NIC row (\"\" otherwise)", OG_COL_STR);
  uint32_t *count = og__metrics_col(&b, "count", "",
                                    "links this row stands for (a class's NICs)", OG_COL_U32);
  double *cap = og__metrics_col(&b, "capacity", "B/s", "bandwidth of one link", OG_COL_F64);
  double *bytes = og__metrics_col(&b, "bytes", "B", "bytes carried", OG_COL_F64);
  int64_t *msgs = og__metrics_col(&b, "messages", "", "messages carried", OG_COL_I64);
  double *util = og__metrics_col(&b, "utilisation", "",
                                 "bytes over capacity x the run", OG_COL_F64);
  double *pk = og__metrics_col(&b, "peak_utilisation", "",
                               "highest utilisation of a timeseries bin", OG_COL_F64);
  double *an = og__metrics_col(&b, "analytic_share", "",
      "share of the bytes given analytic delays (not SimGrid flows)", OG_COL_F64);
  int64_t *busiest = og__metrics_col(&b, "busiest_node", "",
                                     "NIC rows: the most loaded node (-1: none)", OG_COL_I64);
  double *bu = og__metrics_col(&b, "busiest_utilisation", "",
                               "NIC rows: that node's utilisation", OG_COL_F64);
  if (b.oom)
    return OG_ENOMEM;
  size_t rows = 0;
  for (size_t k = 0; k < l->n; k++) {
    const struct og_link_record *r = &l->rec[l->order[k]];
    name[k] = r->name;
    kind[k] = r->kind;
    cls[k] = r->cls ? r->cls : "";
    count[k] = (uint32_t)r->count;
    cap[k] = r->capacity;
    bytes[k] = r->bytes;
    msgs[k] = (int64_t)r->msgs;
    util[k] = utilisation(m, r);
    pk[k] = peak(m, r);
    an[k] = r->bytes > 0 ? r->analytic_bytes / r->bytes : 0;
    busiest[k] = r->busiest;
    bu[k] = worst(m, r);
    rows += r->n_bins;
  }
  b = og__metrics_table(m, "link_timeseries", rows, 0);
  double *t = og__metrics_col(&b, "t", "s", "start of the bin", OG_COL_F64);
  const char **ln = og__metrics_col(&b, "link", "", "link name", OG_COL_STR);
  double *bb = og__metrics_col(&b, "bytes", "B", "bytes carried in the bin", OG_COL_F64);
  double *bu2 = og__metrics_col(&b, "utilisation", "", "bytes over capacity x the bin", OG_COL_F64);
  if (b.oom)
    return OG_ENOMEM;
  size_t i = 0;
  for (size_t k = 0; k < l->n; k++) {
    const struct og_link_record *r = &l->rec[l->order[k]];
    for (size_t j = 0; j < r->n_bins; j++, i++) {
      t[i] = (double)j * m->dt;
      ln[i] = r->name;
      bb[i] = r->bins[j];
      bu2[i] = r->bins[j] / (r->capacity * (double)r->count * m->dt);
    }
  }
  return OG_OK;
}
