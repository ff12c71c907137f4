/* The pure decision rules of verification (verdicts.h): no engine state,
 * so each can be tested on hand-made histories and ballots. */
#include <math.h>

#include "verdicts.h"

int og__stat_invalid(double f, const struct og_stat_hist *h)
{
  int verdict = h->run > 0 && pow(f, (double)h->run) < 1e-6;
  if (!verdict && h->n >= 10) {
    double rate = (double)h->fail / h->n;
    double sd = sqrt(f * (1 - f) / h->n);
    verdict = sd > 0 ? (rate - f) / sd > 1 : rate > f;
  }
  return verdict;
}

int og__stat_record(struct og_stat_hist *h, double f, int fail)
{
  h->n++;
  h->fail += (uint32_t)(fail != 0);
  h->run = fail ? h->run + 1 : 0;
  int verdict = og__stat_invalid(f, h);
  if (verdict)
    *h = (struct og_stat_hist){0};
  return verdict;
}

enum og_vote_outcome og__vote_outcome(size_t n, const unsigned char *bad,
                                      const unsigned char *colludes)
{
  size_t honest = 0, collude = 0;
  for (size_t i = 0; i < n; i++) {
    honest += !bad[i];
    collude += bad[i] && colludes[i];
  }
  if (2 * honest > n)
    return OG_VOTE_HONEST;
  if (2 * collude > n)
    return OG_VOTE_COLLUDED;
  return OG_VOTE_NONE;
}

int og__revote_upheld(size_t fails, size_t n)
{
  return 2 * fails > n;
}
