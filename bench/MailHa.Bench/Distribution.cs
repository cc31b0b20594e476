namespace MailHa.Bench;

/// <summary>A measured distribution. Percentiles are nearest-rank: with n = 10, p95 is the largest value.</summary>
internal sealed record Distribution(int Count, double Median, double P95, double P99, double Min, double Max, double Mean)
{
    public static Distribution? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var median = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return new Distribution(sorted.Length, median, Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[0], sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
