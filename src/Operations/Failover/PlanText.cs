namespace MailHa.Operations.Failover;

/// <summary>Plain-text dry run, shared by the command line and the chat approval card (a report's words: the bot's <c>FailoverReportText</c>).</summary>
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
        var refusal = plan.Refusal is null ? "" : $"\nWOULD BE REFUSED: {plan.Refusal.Describe()}";
        return $"{head}{refusal}\n\nWhat the checks find now:\n  {string.Join("\n  ", plan.Findings)}\n\nPlan:\n{Steps(plan)}\n";
    }

    private static string Indent(string text) => text.Replace("\n", "\n       ", StringComparison.Ordinal);
}
