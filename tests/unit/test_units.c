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
  if (og_units_parse(s, k, &v, &why) != OG_OK)
    fail_msg("'%s' refused: %s", s, why);
  return v;
}

static void refused(const char *s, enum og_unit_kind k)
{
  double v = 0;
  const char *why = NULL;
  if (og_units_parse(s, k, &v, &why) != OG_EINVAL)
    fail_msg("'%s' accepted as %.17g", s, v);
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

static void prefixes_and_signs(void **state)
{
  (void)state;
  CLOSE(parse("1\xc2\xb5s", OG_UNIT_DURATION), 1e-6); /* micro sign */
  CLOSE(parse("-5ms", OG_UNIT_DURATION), -5e-3);      /* ranges are the schema's job */
  CLOSE(parse("+2s", OG_UNIT_DURATION), 2);
  CLOSE(parse("3 ", OG_UNIT_SIZE), 3);
  CLOSE(parse("1.5e3 ms", OG_UNIT_DURATION), 1.5);
  CLOSE(parse("2M/h", OG_UNIT_RATE), 2e6 / 3600);
  CLOSE(parse("1.2GHz", OG_UNIT_RATE), 1.2e9);
  CLOSE(parse("60/d", OG_UNIT_RATE), 60.0 / 86400);
  CLOSE(parse("1TB", OG_UNIT_SIZE), 1e12);
  CLOSE(parse("1KiB", OG_UNIT_SIZE), 1024);
  CLOSE(parse("1GiB", OG_UNIT_SIZE), 1073741824.0);
  CLOSE(parse("1TiB", OG_UNIT_SIZE), 1099511627776.0);
  CLOSE(parse("8bps", OG_UNIT_BANDWIDTH), 1);
  CLOSE(parse("8kbps", OG_UNIT_BANDWIDTH), 1e3);
  CLOSE(parse("8Mbps", OG_UNIT_BANDWIDTH), 1e6);
  CLOSE(parse("8Tbps", OG_UNIT_BANDWIDTH), 1e12);
  CLOSE(parse("2kBps", OG_UNIT_BANDWIDTH), 2e3);
  CLOSE(parse("2GB/s", OG_UNIT_BANDWIDTH), 2e9);
  CLOSE(parse("5e8", OG_UNIT_BANDWIDTH), 5e8);
  CLOSE(parse("1FLOP", OG_UNIT_FLOP), 1);
  CLOSE(parse("3kFlop", OG_UNIT_FLOP), 3e3);
  CLOSE(parse("3MFlop", OG_UNIT_FLOP), 3e6);
  CLOSE(parse("1PFlop", OG_UNIT_FLOP), 1e15);
  CLOSE(parse("2e9", OG_UNIT_FLOP), 2e9);
  CLOSE(parse("1EFlops", OG_UNIT_FLOPS), 1e18);
  CLOSE(parse("1PFlops", OG_UNIT_FLOPS), 1e15);
  CLOSE(parse("5MFLOPS", OG_UNIT_FLOPS), 5e6);
  CLOSE(parse("0.6/min", OG_UNIT_MONEY_RATE), 0.01);
  CLOSE(parse("86.4/d", OG_UNIT_MONEY_RATE), 0.001);
  CLOSE(parse("0.5", OG_UNIT_NUMBER), 0.5);
}

static void format_examples(void **state)
{
  (void)state;
  static const struct {
    double v;
    enum og_unit_kind k;
    const char *want;
  } cases[] = {{2.5e-3, OG_UNIT_DURATION, "2.5ms"}, {60, OG_UNIT_DURATION, "60s"},
               {1.25e9, OG_UNIT_BANDWIDTH, "10Gbps"}, {16e9, OG_UNIT_SIZE, "16GB"},
               {1e7, OG_UNIT_NUMBER, "10000000"}, {2.5 / 3600, OG_UNIT_MONEY_RATE, "2.5/h"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[64];
    og_units_format(cases[i].v, cases[i].k, buf, sizeof buf);
    assert_string_equal(buf, cases[i].want);
  }
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
  refused("0x10s", OG_UNIT_DURATION); /* strtod would read hex */
  refused("0x1p3", OG_UNIT_NUMBER);
  refused("infinity", OG_UNIT_NUMBER);
  refused("-inf", OG_UNIT_DURATION);
  refused("5", OG_UNIT_MONEY_RATE);
  refused("10 Gbit", OG_UNIT_BANDWIDTH);
  refused("mFlops", OG_UNIT_FLOPS); /* no number */
  refused("1mFlops", OG_UNIT_FLOPS); /* milli is not mega */
  refused("4kb", OG_UNIT_SIZE);     /* sizes are bytes */
  refused("1.5.2s", OG_UNIT_DURATION);
  refused("/s", OG_UNIT_RATE);
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
    cmocka_unit_test(prefixes_and_signs), cmocka_unit_test(flops_and_money),
    cmocka_unit_test(errors), cmocka_unit_test(format_examples),
    cmocka_unit_test(format_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
