/* Quantities with units, as people write them in scenarios: "50us",
 * "10Gbps", "312TFlops", "16GB", "2.5/h", "5000/s". */
#ifndef OG_UNITS_H
#define OG_UNITS_H

#include <stddef.h>

#include "status.h"

enum og_unit_kind {
  OG_UNIT_NUMBER,     /* plain number */
  OG_UNIT_DURATION,   /* s */
  OG_UNIT_RATE,       /* 1/s */
  OG_UNIT_SIZE,       /* B */
  OG_UNIT_BANDWIDTH,  /* B/s */
  OG_UNIT_FLOP,       /* FLOP */
  OG_UNIT_FLOPS,      /* FLOP/s */
  OG_UNIT_MONEY_RATE, /* currency/s */
};

/* Parse text into SI base units. A bare number is taken in the base unit
 * except for money rates, which need "/h" (or /s, /min, /d) unless 0. On
 * failure *why says what was expected (a static string). */
OG_MUST_CHECK enum og_status og_units_parse(const char *text, enum og_unit_kind kind, double *out,
                                            const char **why);

/* Write value in the kind's readable unit ("2.5 ms", "10 Gbps"). */
void og_units_format(double value, enum og_unit_kind kind, char *buf, size_t len);

#endif
