namespace ZlmHooks.Bench;

/// <summary>One measured cell: a scenario at one concurrency.</summary>
internal sealed record Result(string Scenario, int Concurrency, int Requests, double Seconds, double[] LatenciesMs, int Failures)
{
    public double Throughput => Requests / Seconds;
    public double P(double q)
    {
        var sorted = LatenciesMs;
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
    public double Max => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[^1];
}
