using MailHa.Bot.Chat;

namespace MailHa.Bot.Approvals;

/// <summary>
/// How an approved run ended: <see cref="Report"/> is told in the requesting conversation once the outcome is
/// recorded (replacing <see cref="Replaces"/>, the run's progress message, when set); <see cref="Result"/> is the
/// typed report for machine-readable output.
/// </summary>
public sealed record ApprovedOutcome(bool Succeeded, string Summary, ChatMessage Report, PostedMessage? Replaces = null, ReplyResult? Result = null)
{
    /// <summary>Tells the report: replaces the progress message, or posts it.</summary>
    public async Task TellAsync(IChatConversation origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (Replaces is { } progress)
        {
            await origin.UpdateAsync(progress, Report, cancellationToken);
        }
        else
        {
            await origin.PostAsync(Report, cancellationToken);
        }
    }
}
