using System.Globalization;
using System.Text;

namespace MailHa.Bench.Soak;

/// <summary>The soak's report in markdown: verdict, seed, topology, faults and actions by kind, each invariant with its checks, the mail count (per service when several), the timeline.</summary>
internal static class SoakReport
{
    public static string Markdown(SoakResult r, string command)
    {
        var s = new StringBuilder();
        var ran = r.EndedAt - r.StartedAt;
        s.AppendLine(CultureInfo.InvariantCulture, $"# Soak: seed {r.Seed}, {ran.TotalMinutes:0.0} min ({(r.Passed ? "every invariant held" : r.Violation is not null ? "VIOLATED" : "problems")})");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"`{command}`, {r.StartedAt:yyyy-MM-dd HH:mm} UTC, on the {r.Topology} lab ({string.Join(", ", r.Services)}), {r.Planned.TotalMinutes:0.#} min of episodes planned after a minute of warm-up; {r.Episodes.Count} episodes. Logs: `{r.LogDirectory}`.");
        s.AppendLine();
        if (r.Violation is { } v)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"**Violated: {v.Invariant}**: {v.Detail}");
            s.AppendLine();
        }

        foreach (var problem in r.Problems)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"- problem: {problem}");
        }

        s.AppendLine("| invariant | checks |");
        s.AppendLine("| --- | ---: |");
        foreach (var (invariant, checks) in r.Checks)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {invariant}{(r.Violation?.Invariant == invariant ? " (violated)" : "")} | {checks} |");
        }

        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"VIP sampled {r.VipSamplesPerSecond:0.0} times a second. Mail: {r.MailSent} sent at 2/s, {r.MailArrived} arrived, {r.MailLostInFailovers} lost inside {r.Failovers} unplanned failovers' windows, {r.MailDuplicates} duplicates.");
        s.AppendLine(CultureInfo.InvariantCulture, $"Memory after warm-up → end (alive after an induced full collection, judged; resident, reported): {(r.Memory.Count == 0 ? "no instance lived through the whole soak" : string.Join("; ", r.Memory.Select(m => $"pid {m.Pid}: alive {m.WarmLive / 1048576.0:0.0} → {m.EndLive / 1048576.0:0.0} MiB ({m.EndLive / (double)Math.Max(1, m.WarmLive):0.00}×), resident {m.WarmKib / 1024} → {m.EndKib / 1024} MiB")))}.");
        s.AppendLine();
        s.AppendLine("| faults injected | count |");
        s.AppendLine("| --- | ---: |");
        foreach (var (kind, count) in r.Faults)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {count} |");
        }

        s.AppendLine();
        s.AppendLine("| operator actions | count |");
        s.AppendLine("| --- | ---: |");
        foreach (var (kind, count) in r.Actions)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {count} |");
        }

        s.AppendLine();
        s.AppendLine("| episodes by kind | count |");
        s.AppendLine("| --- | ---: |");
        foreach (var group in r.Episodes.GroupBy(e => e.Kind).OrderBy(g => g.Key))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} |");
        }

        if (r.Mail.Count > 1)
        {
            s.AppendLine();
            s.AppendLine("| mail per service (2/s each) | sent | arrived | lost in failovers | unplanned failovers | duplicates |");
            s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var m in r.Mail)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| {m.Service} | {m.Sent} | {m.Arrived} | {m.LostInFailovers} | {m.Failovers} | {m.Duplicates} |");
            }
        }

        s.AppendLine();
        s.AppendLine("## Timeline");
        s.AppendLine();
        s.AppendLine("```");
        foreach (var line in r.Timeline)
        {
            s.AppendLine(line);
        }

        s.AppendLine("```");
        return s.ToString();
    }
}
