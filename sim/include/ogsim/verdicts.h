/* The pure decision rules of verification, callable without an engine:
 * statistical invalidation, the redundancy vote, the re-validation vote. */
#ifndef OG_VERDICTS_H
#define OG_VERDICTS_H

#include <stddef.h>
#include <stdint.h>

/* A node's check history since it was last declared invalid. */
struct og_stat_hist {
  uint32_t n;    /* checks */
  uint32_t fail; /* failed ones */
  uint32_t run;  /* current run of consecutive failures */
};

/* Whether history h condemns its node under the honest failure rate f
 * (Gonka's documented rule): its current run of failures is less likely
 * than 1e-6, or, after at least 10 checks, the z-score of its failure rate
 * against f exceeds 1 (with f = 0 or 1: any rate above f). */
int og__stat_invalid(double f, const struct og_stat_hist *h);
/* Adds one check (fail nonzero: failed) to h and applies og__stat_invalid;
 * on a verdict h starts over. Returns the verdict. */
int og__stat_record(struct og_stat_hist *h, double f, int fail);

enum og_vote_outcome {
  OG_VOTE_HONEST,   /* an honest majority: the right result, cheats caught */
  OG_VOTE_COLLUDED, /* a colluding majority passes a bad result unseen */
  OG_VOTE_NONE,     /* no majority (a tie, scattered cheats): the request fails */
};

/* The outcome of a k-way redundancy vote among n results: bad[i] nonzero
 * when copy i is a cheat, colludes[i] when its node is in the coalition
 * (honest results agree; bad ones agree only among colluders). Strict
 * majorities only. */
enum og_vote_outcome og__vote_outcome(size_t n, const unsigned char *bad,
                                      const unsigned char *colludes);

/* Whether a re-validation vote upholds a failed check: a strict majority
 * of its n voters also found the mismatch. */
int og__revote_upheld(size_t fails, size_t n);

#endif
