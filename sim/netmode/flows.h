/* The network's own events in the event loop (sim/netmode/flows.c): messages
 * delivered after an analytic delay, and messages that are flows sharing
 * the platform's links by the same weighted max-min fairness as SimGrid's
 * CM02 model (docs/network.md). One loop timer drives both. */
#ifndef OG_FLOWS_H
#define OG_FLOWS_H

#include <simgrid/forward.h>
#include <stdint.h>

#include "engine_internal.h"

/* What a message does when it arrives, at the loop's current time. */
typedef void (*og_msg_fn)(struct og_engine *e, struct og_request *r, uint32_t a, uint32_t b);

struct og_flows;

/* Set up (e->flows) and free. */
OG_MUST_CHECK enum og_status og__flows_init(struct og_engine *e);
void og__flows_free(struct og_engine *e);

/* fn(e, r, a, b) at time t (>= now): a message without contention. */
void og__net_deliver_at(struct og_engine *e, double t, og_msg_fn fn, struct og_request *r,
                        uint32_t a, uint32_t b);

/* A flow of `bytes` from host `from` to host `to`, sent now: its route's
 * latency, then its share of every link of the route until the bytes are
 * through; then fn(e, r, a, b). */
void og__flow_start(struct og_engine *e, sg_host_t from, sg_host_t to, double bytes, og_msg_fn fn,
                    struct og_request *r, uint32_t a, uint32_t b);

/* Handle what is due at `now` (the loop's clock); returns the time of the
 * next network event (INFINITY: none). */
double og__flows_advance(struct og_engine *e, double now);

/* Flows started and open now (for tests and /perf). */
uint64_t og__flows_started(const struct og_engine *e);

#endif
