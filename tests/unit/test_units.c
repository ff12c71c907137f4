/* Unit tests: parsing and formatting of quantities with units. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "units.h"

static double parse(const char *s, enum og_unit_kind k)
{
  double v = -1;
  const char *why = NULL;
  assert_int_equal(og_units_parse(s, k, &v, &why), OG_OK);
  return v;
}

static void refused(const char *s, enum og_unit_kind k)
{
  double v = 0;
  const char *why = NULL;
  assert_int_equal(og_units_parse(s, k, &v, &why), OG_EINVAL);
  assert_non_null(why);
}

static void close_to(double got, double want)
{
  if (fabs(got - want) > 1e-12 * fabs(want))
    fail_msg("got %.17g, want %.17g", got, want);
}
#define CLOSE(a, b) close_to((a), (double)(b))

static void durations(void **state)
{
  (void)state;
  CLOSE(parse("50us", OG_UNIT_DURATION), 50e-6);
  CLOSE(parse("2.5s", OG_UNIT_DURATION), 2.5);
  CLOSE(parse("10min", OG_UNIT_DURATION), 600);
  CLOSE(parse("3ms", OG_UNIT_DURATION), 3e-3);
  CLOSE(parse("1 h", OG_UNIT_DURATION), 3600);
  CLOSE(parse("2d", OG_UNIT_DURATION), 172800);
  CLOSE(parse("7ns", OG_UNIT_DURATION), 7e-9);
  CLOSE(parse("4", OG_UNIT_DURATION), 4);
  CLOSE(parse("1e-3s", OG_UNIT_DURATION), 1e-3);
}

static void rates_sizes_bandwidths(void **state)
{
  (void)state;
  CLOSE(parse("5000/s", OG_UNIT_RATE), 5000);
  CLOSE(parse("50k/s", OG_UNIT_RATE), 50000);
  CLOSE(parse("300/min", OG_UNIT_RATE), 5);
  CLOSE(parse("7200/h", OG_UNIT_RATE), 2);
  CLOSE(parse("4kB", OG_UNIT_SIZE), 4000);
  CLOSE(parse("2MiB", OG_UNIT_SIZE), 2097152);
  CLOSE(parse("16GB", OG_UNIT_SIZE), 16e9);
  CLOSE(parse("10Gbps", OG_UNIT_BANDWIDTH), 1.25e9); /* bits: divide by 8 */
  CLOSE(parse("3.35TBps", OG_UNIT_BANDWIDTH), 3.35e12);
  CLOSE(parse("100MB/s", OG_UNIT_BANDWIDTH), 1e8);
  CLOSE(parse("1Gb/s", OG_UNIT_BANDWIDTH), 1.25e8);
}

static void flops_and_money(void **state)
{
  (void)state;
  CLOSE(parse("312TFlops", OG_UNIT_FLOPS), 312e12);
  CLOSE(parse("312TFLOPS", OG_UNIT_FLOPS), 312e12);
  CLOSE(parse("1Gf/s", OG_UNIT_FLOPS), 1e9);
  CLOSE(parse("16GFlop", OG_UNIT_FLOP), 16e9);
  CLOSE(parse("1Gf", OG_UNIT_FLOP), 1e9);
  CLOSE(parse("2.5/h", OG_UNIT_MONEY_RATE), 2.5 / 3600);
  CLOSE(parse("0.01/s", OG_UNIT_MONEY_RATE), 0.01);
  assert_true(parse("0", OG_UNIT_MONEY_RATE) == 0);
}

static void errors(void **state)
{
  (void)state;
  refused("", OG_UNIT_DURATION);
  refused("fast", OG_UNIT_RATE);
  refused("10 parsecs", OG_UNIT_DURATION);
  refused("10Gbps", OG_UNIT_FLOPS);
  refused("1e400", OG_UNIT_NUMBER);
  refused("nan", OG_UNIT_NUMBER);
  refused("inf", OG_UNIT_DURATION);
  refused("2.5", OG_UNIT_MONEY_RATE); /* a cost needs its time unit */
  refused("5s extra", OG_UNIT_DURATION);
  refused("3ms", OG_UNIT_NUMBER);
  refused(" 3", OG_UNIT_NUMBER);
}

static void format_round_trip(void **state)
{
  (void)state;
  static const struct {
    double v;
    enum og_unit_kind k;
  } cases[] = {{2.5e-3, OG_UNIT_DURATION}, {40e-6, OG_UNIT_DURATION}, {90, OG_UNIT_DURATION},
               {1.25e9, OG_UNIT_BANDWIDTH}, {16e9, OG_UNIT_SIZE}, {312e12, OG_UNIT_FLOPS},
               {2.5 / 3600, OG_UNIT_MONEY_RATE}, {5000, OG_UNIT_RATE}, {1e13, OG_UNIT_FLOP}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[64];
    og_units_format(cases[i].v, cases[i].k, buf, sizeof buf);
    double back = parse(buf, cases[i].k);
    if (fabs(back - cases[i].v) > 1e-5 * cases[i].v)
      fail_msg("'%s' read back as %.17g, want %.17g", buf, back, cases[i].v);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(durations), cmocka_unit_test(rates_sizes_bandwidths),
    cmocka_unit_test(flops_and_money), cmocka_unit_test(errors),
    cmocka_unit_test(format_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
