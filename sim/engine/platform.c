/* SimGrid platform XML generated from a scenario. Each region is a Cluster
 * zone (a StarZone in SimGrid 3.32): every host has a private split-duplex
 * link carrying half the region's latency, so two hosts of a region are
 * `latency` apart. Regions are joined by WAN links between their border
 * hosts, for the pairs the engine routes between (wan_pairs.h): a StarZone
 * router has no links of its own and cannot be a route's gateway, so each
 * region has a border host with a zero-latency, unlimited link in its place.
 * Zones, border hosts and links have ids built from indices ("r3", "b3",
 * "wan-3-5"), so no two can collide whatever the names; the scenario's
 * names appear only escaped, in a zone's "name" property and (for the names
 * a user's platform must use) in host ids. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "wan_pairs.h"

static void put_escaped(FILE *f, const char *s)
{
  for (; *s; s++)
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&apos;", f); break;
    default: fputc(*s, f);
    }
}

int og__platform_host_name(const struct og_scenario *sc, enum og_platform_naming nm,
                           enum og_host_role role, size_t a, size_t b, char *buf, size_t len)
{
  switch (role) {
  case OG_HOST_CLIENT: {
    const char *r = sc->regions[sc->workload.clients[a].region].name;
    if (b == 0)
      return nm != OG_PLATFORM_NAMES ? snprintf(buf, len, "c%zu", a)
                                     : snprintf(buf, len, "client-%s", r);
    return nm != OG_PLATFORM_NAMES ? snprintf(buf, len, "c%zu:%zu", a, b)
                                   : snprintf(buf, len, "client-%s:%zu", r, b);
  }
  case OG_HOST_NODE:
    return nm != OG_PLATFORM_NAMES ? snprintf(buf, len, "n%zu", b)
                                   : snprintf(buf, len, "%s-%zu", sc->classes[a].name, b);
  case OG_HOST_STORAGE:
    return nm != OG_PLATFORM_NAMES ? snprintf(buf, len, "s%zu", a)
                                   : snprintf(buf, len, "storage-%s", sc->storage[a].name);
  default:
    return snprintf(buf, len, "gateway");
  }
}

/* A host (id: the escaped name, or an index id) with its private link. */
static void host(FILE *f, const char *id, int escape, double speed, double bw, double lat)
{
  fputs("    <host id=\"", f);
  escape ? put_escaped(f, id) : (void)fputs(id, f);
  fprintf(f, "\" speed=\"%.17gf\"/>\n    <link id=\"", speed);
  escape ? put_escaped(f, id) : (void)fputs(id, f);
  fprintf(f, "-nic\" bandwidth=\"%.17gBps\" latency=\"%.17gs\" sharing_policy=\"SPLITDUPLEX\"/>\n"
             "    <host_link id=\"", bw, lat);
  for (int i = 0; i < 3; i++) {
    escape ? put_escaped(f, id) : (void)fputs(id, f);
    fputs((const char *[]){"\" up=\"", "-nic_UP\" down=\"", "-nic_DOWN\"/>\n"}[i], f);
  }
}

struct writer {
  FILE *f;
  const struct og_scenario *sc;
  enum og_platform_naming nm;
  char name[256];
  char *big;      /* a name longer than `name` */
  int oom;
};

/* The engine-visible host of role (a, b) in region rg. */
static void named_host(struct writer *w, enum og_host_role role, size_t a, size_t b, double speed,
                       const struct og_region *rg)
{
  int n = og__platform_host_name(w->sc, w->nm, role, a, b, w->name, sizeof w->name);
  const char *id = w->name;
  if (n >= (int)sizeof w->name) {
    char *p = realloc(w->big, (size_t)n + 1);
    if (!p) {
      w->oom = 1;
      return;
    }
    w->big = p;
    og__platform_host_name(w->sc, w->nm, role, a, b, p, (size_t)n + 1);
    id = p;
  }
  host(w->f, id, w->nm == OG_PLATFORM_NAMES, speed, rg->bandwidth, rg->latency / 2);
}

/* Storage tiers of region ri (a global one lives in the gateway's region):
 * a host whose link has the tier's bandwidth and latency. */
static void storage_hosts(struct writer *w, size_t ri)
{
  const struct og_scenario *sc = w->sc;
  for (size_t i = 0; i < sc->n_storage && !w->oom; i++) {
    const struct og_storage_tier *t = &sc->storage[i];
    if (t->region != ri && !(t->region == SIZE_MAX && ri == sc->gateway_region))
      continue;
    struct og_region link = {.bandwidth = t->bandwidth, .latency = 2 * t->latency};
    named_host(w, OG_HOST_STORAGE, i, 0, 1e9, &link);
  }
}

static void region(struct writer *w, size_t ri)
{
  const struct og_scenario *sc = w->sc;
  const struct og_region *rg = &sc->regions[ri];
  char id[32];
  fprintf(w->f, "  <zone id=\"r%zu\" routing=\"Cluster\">\n    <prop id=\"name\" value=\"", ri);
  put_escaped(w->f, rg->name);
  fputs("\"/>\n", w->f);
  snprintf(id, sizeof id, "b%zu", ri);
  host(w->f, id, 0, 1, 1e18, 0);
  if (sc->gateway_region == ri)
    named_host(w, OG_HOST_GATEWAY, 0, 0, 1e9, rg);
  for (size_t c = 0; c < sc->workload.n_clients; c++)
    for (size_t j = 0; sc->workload.clients[c].region == ri && j < sc->workload.clients[c].hosts;
         j++)
      named_host(w, OG_HOST_CLIENT, c, j, 1e9, rg);
  storage_hosts(w, ri);
  size_t k = 0; /* global index of the class's first node */
  int one = w->nm == OG_PLATFORM_ROUTES, done = 0;
  for (size_t cl = 0; cl < sc->n_classes && !done; k += sc->classes[cl++].count) {
    const struct og_node_class *nc = &sc->classes[cl];
    for (size_t i = 0; nc->region == ri && i < nc->count && !done; i++) {
      named_host(w, OG_HOST_NODE, cl, w->nm != OG_PLATFORM_NAMES ? k + i : i, nc->peak_flops, rg);
      done = one;
    }
  }
  fprintf(w->f, "  </zone>\n");
}

/* All WAN links first, then the routes that use them (the DTD's order). */
static void wan(FILE *f, const struct og_scenario *sc, const struct og_wan_pairs *p)
{
  for (int pass = 0; pass < 2; pass++)
    for (size_t a = 0; a < sc->n_regions; a++) {
      const size_t *peers;
      size_t n = og_wan_pairs_of(p, a, &peers);
      for (size_t j = 0; j < n; j++) {
        size_t b = peers[j];
        const struct og_wan_link *w = og_wan_pairs_link(p, sc, a, b);
        if (pass == 0)
          fprintf(f, "  <link id=\"wan-%zu-%zu\" bandwidth=\"%.17gBps\" latency=\"%.17gs\"/>\n", a,
                  b, w ? w->bandwidth : sc->wan_bandwidth, w ? w->latency : sc->wan_latency);
        else
          fprintf(f, "  <zoneRoute src=\"r%zu\" dst=\"r%zu\" gw_src=\"b%zu\" gw_dst=\"b%zu\">"
                     "<link_ctn id=\"wan-%zu-%zu\"/></zoneRoute>\n", a, b, a, b, a, b);
      }
    }
}

/* A client host "client-R" that is also node I of a class "X" ("X-I"): the
 * names a user's platform must use cannot tell the two apart. (A client's
 * further hosts, "client-R:J", have a ':', which no name has.) */
static const char *names_clash(const struct og_scenario *sc, size_t *cls)
{
  for (size_t c = 0; c < sc->workload.n_clients; c++) {
    const char *r = sc->regions[sc->workload.clients[c].region].name, *dash = strrchr(r, '-');
    const char *num = dash ? dash + 1 : r;
    size_t plen = dash ? (size_t)(dash - r) : 0, nd = strspn(num, "0123456789");
    if (nd == 0 || num[nd] || (num[0] == '0' && nd > 1) || nd > 19)
      continue;
    size_t idx = (size_t)strtoull(num, NULL, 10);
    for (size_t k = 0; k < sc->n_classes; k++) {
      const char *x = sc->classes[k].name;
      if (strncmp(x, "client", 6) != 0 || sc->classes[k].count <= idx)
        continue;
      if (dash ? x[6] == '-' && strlen(x + 7) == plen && !strncmp(x + 7, r, plen) : !x[6]) {
        *cls = k;
        return r;
      }
    }
  }
  return NULL;
}

enum og_status og_platform_write(const struct og_scenario *sc, enum og_platform_naming nm, FILE *f,
                                 struct og_error *err)
{
  size_t cls;
  const char *clash = nm == OG_PLATFORM_NAMES ? names_clash(sc, &cls) : NULL;
  if (clash)
    return og_error_set(err, OG_EINVAL, "the client of region '%s' and a node of class '%s' "
                        "would both be host 'client-%s': rename one to write a platform with "
                        "the host names a user's platform uses", clash, sc->classes[cls].name, clash);
  struct og_wan_pairs pairs;
  struct writer w = {.f = f, .sc = sc, .nm = nm};
  enum og_status st = og_wan_pairs_init(&pairs, sc);
  if (st == OG_OK) {
    fprintf(f, "<?xml version='1.0'?>\n"
               "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
               "<platform version=\"4.1\">\n<zone id=\"world\" routing=\"Full\">\n");
    for (size_t r = 0; r < sc->n_regions && !w.oom; r++)
      region(&w, r);
    wan(f, sc, &pairs);
    fprintf(f, "</zone>\n</platform>\n");
    st = w.oom ? OG_ENOMEM : ferror(f) ? OG_EIO : OG_OK;
  }
  og_wan_pairs_fini(&pairs);
  free(w.big);
  if (st == OG_ENOMEM)
    return og_error_set(err, st, "out of memory while writing the platform");
  return st == OG_EIO ? og_error_set(err, st, "cannot write the platform") : OG_OK;
}
