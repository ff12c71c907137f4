/* SimGrid platform XML generated from a scenario. Each region is a Cluster
 * zone (a StarZone in SimGrid 3.32): every host has a private split-duplex
 * link carrying half the region's latency, so two hosts of a region are
 * `latency` apart. Regions are joined pairwise by WAN links between their
 * border hosts: a StarZone router has no links of its own and cannot be a
 * route's gateway, so each region has a host "border-REGION" with a
 * zero-latency, unlimited link in its place. */
#include <inttypes.h>
#include <stdio.h>

#include "engine_internal.h"

static void host_link(FILE *f, const char *name, double speed, double bw, double lat)
{
  fprintf(f, "    <host id=\"%s\" speed=\"%.17gf\"/>\n", name, speed);
  fprintf(f, "    <link id=\"%s-nic\" bandwidth=\"%.17gBps\" latency=\"%.17gs\" "
             "sharing_policy=\"SPLITDUPLEX\"/>\n", name, bw, lat);
  fprintf(f, "    <host_link id=\"%s\" up=\"%s-nic_UP\" down=\"%s-nic_DOWN\"/>\n", name, name,
          name);
}

static void host(FILE *f, const char *name, double speed, const struct og_region *rg)
{
  host_link(f, name, speed, rg->bandwidth, rg->latency / 2);
}

static void region(FILE *f, const struct og_scenario *sc, size_t ri)
{
  const struct og_region *rg = &sc->regions[ri];
  char name[256];
  fprintf(f, "  <zone id=\"%s\" routing=\"Cluster\">\n", rg->name);
  snprintf(name, sizeof name, "border-%s", rg->name);
  host_link(f, name, 1, 1e18, 0);
  if (sc->gateway_region == ri)
    host(f, "gateway", 1e9, rg);
  for (size_t c = 0; c < sc->workload.n_clients; c++)
    if (sc->workload.clients[c].region == ri) {
      snprintf(name, sizeof name, "client-%s", rg->name);
      host(f, name, 1e9, rg);
    }
  for (size_t k = 0; k < sc->n_classes; k++) {
    const struct og_node_class *cl = &sc->classes[k];
    if (cl->region != ri)
      continue;
    for (size_t i = 0; i < cl->count; i++) {
      snprintf(name, sizeof name, "%s-%zu", cl->name, i);
      host(f, name, cl->peak_flops, rg);
    }
  }
  fprintf(f, "  </zone>\n");
}

static const struct og_wan_link *wan_between(const struct og_scenario *sc, size_t a, size_t b)
{
  for (size_t i = 0; i < sc->n_wan; i++) {
    const struct og_wan_link *w = &sc->wan[i];
    if ((w->a == a && w->b == b) || (w->a == b && w->b == a))
      return w;
  }
  return NULL;
}

/* All WAN links first, then the routes that use them (the DTD's order). */
static void wan(FILE *f, const struct og_scenario *sc)
{
  for (int pass = 0; pass < 2; pass++)
    for (size_t a = 0; a < sc->n_regions; a++)
      for (size_t b = a + 1; b < sc->n_regions; b++) {
        const struct og_wan_link *w = wan_between(sc, a, b);
        const char *ra = sc->regions[a].name, *rb = sc->regions[b].name;
        if (pass == 0)
          fprintf(f, "  <link id=\"wan-%s-%s\" bandwidth=\"%.17gBps\" latency=\"%.17gs\"/>\n",
                  ra, rb, w ? w->bandwidth : sc->wan_bandwidth, w ? w->latency : sc->wan_latency);
        else
          fprintf(f, "  <zoneRoute src=\"%s\" dst=\"%s\" gw_src=\"border-%s\" gw_dst=\"border-%s\">"
                     "<link_ctn id=\"wan-%s-%s\"/></zoneRoute>\n", ra, rb, ra, rb, ra, rb);
      }
}

enum og_status og_platform_write(const struct og_scenario *sc, FILE *f)
{
  fprintf(f, "<?xml version='1.0'?>\n"
             "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
             "<platform version=\"4.1\">\n<zone id=\"world\" routing=\"Full\">\n");
  for (size_t r = 0; r < sc->n_regions; r++)
    region(f, sc, r);
  wan(f, sc);
  fprintf(f, "</zone>\n</platform>\n");
  return ferror(f) ? OG_EIO : OG_OK;
}
