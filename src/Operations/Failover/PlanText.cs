namespace MailHa.Operations.Failover;

/// <summary>Plain-text dry run and report, shared by the command line and the chat approval card.</summary>
public static class PlanText
{
    public static IReadOnlyList<string> Findings(FailoverPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Findings;
    }

    public static string Steps(FailoverPlan plan, bool withCommands = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var lines = new List<string>();
        foreach (var step in plan.Steps)
        {
            lines.Add($"{step.Index}. {step.Title} — {step.Rule}");
            if (withCommands)
            {
                lines.AddRange(step.Commands.Select(c => $"     [{c.Node}] {Indent(c.Text)}"));
            }
        }

        return string.Join('\n', lines);
    }

    public static string Format(FailoverPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var head = $"DRY RUN {plan.Headline} (fingerprint {plan.Fingerprint})";
        var refusal = plan.Refusal is null ? "" : $"\nWOULD BE REFUSED: {plan.Refusal}";
        return $"{head}{refusal}\n\nWhat the checks find now:\n  {string.Join("\n  ", plan.Findings)}\n\nPlan:\n{Steps(plan)}\n";
    }

    public static string Format(FailoverReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var steps = report.Steps.Select(s => $"  {Mark(s.State)} {s.Index}. {s.Title} ({s.Duration.TotalSeconds:0.0}s): {s.Detail}");
        return $"{report.Outcome.ToString().ToUpperInvariant()} {report.Kind} {report.Source} → {report.Target} ({report.OperationId})\n"
            + $"requested by {report.RequestedBy}, approved by {report.ApprovedBy}\n"
            + string.Join('\n', steps) + (report.Steps.Count > 0 ? "\n" : "")
            + $"{report.Message}\nNow: {report.SystemState}\nNext: {report.NextSteps}\n";
    }

    public static string Mark(StepState state) => state switch
    {
        StepState.Done => "✅",
        StepState.Skipped => "⏭",
        StepState.Failed => "❌",
        _ => "⏳",
    };

    private static string Indent(string text) => text.Replace("\n", "\n       ", StringComparison.Ordinal);
}
