/* The exact network mode's transport: one SimGrid communication per
 * message. Sends are detached; a receiver keeps many receives posted on its
 * mailbox and serves whichever completes first, so messages from near and
 * far senders do not queue behind each other (a single blocking get, or a
 * permanent receiver, delivers in posting order: a local message would wait
 * for an earlier one crossing an ocean). */
#include <simgrid/comm.h>
#include <simgrid/mailbox.h>
#include <stdlib.h>

#include "engine_internal.h"

static void msg_cleanup(void *p)
{
  free(p); /* undelivered at the end of the run; requests die with the engine */
}

void og__send(struct og_engine *e, sg_mailbox_t to, struct og_request *r, double bytes)
{
  struct og_msg *msg = malloc(sizeof *msg);
  if (!msg) {
    e->oom = 1;
    return;
  }
  msg->req = r;
  msg->hop = r->hop;
  r->refs++;
  e->in_flight++;
  sg_comm_t c = sg_mailbox_put_init(to, msg, (long)bytes); /* detach starts it */
  sg_comm_detach(c, msg_cleanup);
}

void og__receive_loop(struct og_engine *e, sg_mailbox_t mb, size_t width, void (*fn)(void *, struct og_msg *),
                      void *ctx)
{
  sg_comm_t comms[OG_RX_WIDE];
  void *data[OG_RX_WIDE];
  if (width > OG_RX_WIDE)
    width = OG_RX_WIDE;
  for (size_t i = 0; i < width; i++)
    comms[i] = sg_mailbox_get_async(mb, &data[i]);
  for (;;) {
    ssize_t k = sg_comm_wait_any(comms, width);
    if (k < 0)
      continue;
    struct og_msg *msg = data[k];
    comms[k] = sg_mailbox_get_async(mb, &data[k]);
    e->in_flight--;
    fn(ctx, msg);
    free(msg);
  }
}
