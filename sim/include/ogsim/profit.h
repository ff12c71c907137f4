/* A node's (or a group's) profit from its ledger: the one formula behind
 * the summary, /nodes and /strategies. */
#ifndef OG_PROFIT_H
#define OG_PROFIT_H

/* Fees kept + validator pay - operating cost - stake slashed. */
static inline double og_profit(double revenue, double rewards, double cost, double slashed)
{
  return revenue + rewards - cost - slashed;
}

#endif
