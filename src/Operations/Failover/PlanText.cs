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
            if (step.Note is { } note)
            {
                lines.Add($"   ({note})");
            }

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
        var steps = report.Steps.Select(s => "  " + Line(s));
        return $"{report.Outcome.ToString().ToUpperInvariant()} {report.Kind} {report.Source} → {report.Target} ({report.OperationId})\n"
            + $"requested by {report.RequestedBy}, approved by {report.ApprovedBy}\n"
            + string.Join('\n', steps) + (report.Steps.Count > 0 ? "\n" : "")
            + $"{report.Message}\nNow: {report.SystemState}\nNext: {report.NextSteps}\n";
    }

    /// <summary>The one-line form of a step everywhere (chat progress, command line, report): mark, number, title, duration, detail.</summary>
    public static string Line(StepEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.State == StepState.Started
            ? $"{Mark(step.State)} {step.Index}. {step.Title}…"
            : $"{Mark(step.State)} {step.Index}. {step.Title} ({step.Duration.TotalSeconds:0.0}s): {step.Detail}";
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
