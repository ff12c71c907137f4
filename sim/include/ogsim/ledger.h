/* The ledger of a run, without an engine: accounts, fees settled per block,
 * settlement transactions, and what a detection costs and pays. It is fed
 * events with their simulated times; the sanction a detection orders is a
 * value that the engine carries out (sim/engine/sanction.c). */
#ifndef OG_LEDGER_H
#define OG_LEDGER_H

#include <stdint.h>

#include "scenario.h"

/* One node's money. Fees earned wait in `unsettled` until their block
 * settles (every block_time seconds; at once when block_time is 0). */
struct og_account {
  double unsettled;     /* fees earned since the last block settled */
  double settled_block; /* index of the last block settled; -1 before any */
  double revenue;       /* fees settled, less those of bad results found */
  double rewards;       /* validator pay: per check, and whistleblower shares */
  double slashed;       /* stake taken on detections */
  double forfeited;     /* unsettled fees lost when the node was excluded */
};

/* On-chain settlement of results: one transaction per result (per-request
 * settlement), or one per batch of results whose hashes are posted together
 * (batch settlement; a batch closes when it holds batch_size results or at
 * the end of its block, whichever comes first). */
struct og_settlement {
  uint64_t txs;          /* transactions posted */
  uint64_t settled;      /* results settled */
  double delay_sum;      /* s from each result to its transaction */
  uint64_t open_n;       /* batch: results in the open batch */
  double open_tsum;      /* their times, summed */
  double open_last;      /* the latest of them */
  double open_block;     /* block the open batch belongs to */
};

struct og_ledger {
  const struct og_economics *ec; /* borrowed; outlives the ledger */
  struct og_settlement s;
};

/* What the engine does to a node found cheating. */
enum og_sanction { OG_SANCTION_KEEP, OG_SANCTION_EJECT, OG_SANCTION_JAIL };

/* What one detection did to the suspect's account, and what follows. */
struct og_detection {
  double slash;      /* stake taken: economics.slash x the node's stake */
  double reward;     /* the finder's whistleblower share of the slash */
  double forfeited;  /* unsettled fees lost with the exclusion */
  enum og_sanction sanction;
  double jail;       /* OG_SANCTION_JAIL: s out of the network */
};

void og_ledger_init(struct og_ledger *l, const struct og_economics *ec);
void og_account_init(struct og_account *a);

/* Account a earned `fee` for a result delivered at time t: its earlier
 * blocks settle, the fee waits for its own block (or settles at once), and
 * the result is posted for settlement. */
void og_ledger_earn(struct og_ledger *l, struct og_account *a, double fee, double t);

/* Validator pay (check reward, whistleblower share) to account a. */
void og_ledger_reward(struct og_account *a, double amount);

/* A bad result of account a's node (fee `fee`, node stake `stake`) was
 * found at time t under verification block vf. Its earlier blocks settle;
 * the bad result's fee is taken back from its unsettled fees, else from its
 * revenue; the slash is recorded. Unless vf keeps caught nodes, or the node
 * is already out of the network (`excluded`: ejected or jailed), it is
 * excluded: its unsettled fees are forfeited and the sanction says how. The
 * caller pays `reward` to the finder, if any. */
struct og_detection og_ledger_detect(const struct og_ledger *l, struct og_account *a, double fee,
                                     double stake, const struct og_verification *vf, int excluded,
                                     double t);

/* The end of the run: account a's last block settles. */
void og_ledger_close_account(struct og_account *a);
/* The end of the run: the open batch is posted, at its block's end (or,
 * batches by size alone, with its last result: the end of a finite run is
 * not waiting). */
void og_ledger_close(struct og_ledger *l);

#endif
