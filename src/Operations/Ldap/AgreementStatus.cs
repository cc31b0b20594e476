using System.Globalization;
using System.Text.RegularExpressions;

namespace MailHa.Operations.Ldap;

/// <summary>
/// A replication agreement's last update, classified. Reads both status forms: Sun ONE 5.2 / older 389 DS
/// (<c>1 Can't acquire busy replica</c>) and newer 389 DS (<c>Error (1) Can't acquire busy replica, will retry</c>).
/// </summary>
public sealed partial record AgreementStatus(AgreementCondition Condition, int? Code, string Text, DateTimeOffset? LastUpdateEnd, bool UpdateInProgress)
{
    /// <summary>
    /// True when the agreement is not replicating: a total update, a connection-level failure it retries by itself, or
    /// any other failure. Busy is not an error.
    /// </summary>
    public bool IsError => Condition is AgreementCondition.TotalUpdateRequired or AgreementCondition.Retrying or AgreementCondition.Failed;

    /// <summary>
    /// Classifies <c>nsds5replicaLastUpdateStatus</c>, with <c>nsds5replicaLastUpdateEnd</c> (GeneralizedTime, <c>0</c> = never)
    /// and <c>nsds5replicaUpdateInProgress</c> (<c>TRUE</c>/<c>FALSE</c>) as extra facts.
    /// </summary>
    public static AgreementStatus Parse(string? lastUpdateStatus, string? lastUpdateEnd = null, string? updateInProgress = null)
    {
        var text = (lastUpdateStatus ?? "").Trim();
        _ = GeneralizedTime.TryParse(lastUpdateEnd, out var end);
        var inProgress = string.Equals(updateInProgress?.Trim(), "TRUE", StringComparison.OrdinalIgnoreCase);
        if (text.Length == 0)
        {
            return new AgreementStatus(AgreementCondition.Unknown, null, text, end, inProgress);
        }

        var match = StatusPattern().Match(text);
        int? code = null;
        var message = text;
        if (match.Success)
        {
            code = int.Parse(match.Groups["code"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            message = match.Groups["message"].Value;
        }

        return new AgreementStatus(Classify(code, message), code, text, end, inProgress);
    }

    private static AgreementCondition Classify(int? code, string message)
    {
        // Checked before the code: 389 DS reports some of these with code 0 in the LDAP part.
        if (TotalUpdatePattern().IsMatch(message))
        {
            return AgreementCondition.TotalUpdateRequired;
        }

        if (BusyPattern().IsMatch(message))
        {
            return AgreementCondition.Busy;
        }

        if (code != 0 && RetryingPattern().IsMatch(message) && !NeedsOperatorPattern().IsMatch(message))
        {
            return AgreementCondition.Retrying;
        }

        return code switch
        {
            0 when message.Contains("No replication sessions started", StringComparison.OrdinalIgnoreCase) => AgreementCondition.Idle,
            0 => AgreementCondition.Succeeded,
            null when SuccessPattern().IsMatch(message) => AgreementCondition.Succeeded,
            _ => AgreementCondition.Failed,
        };
    }

    [GeneratedRegex(@"^(?:Error\s*\(\s*(?<code>[-+]?\d+)\s*\)|(?<code>[-+]?\d+))(?:\s+(?<message>.*))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"total update required|requires? (?:a )?total update|needs? (?:a )?total update|requires? (?:a )?(?:re-?)?initiali[sz]ation|(?:may )?needs? to be (?:re-?)?initiali[sz]ed|never been initiali[sz]ed|different (?:database )?generation|below (?:the )?purge ?point", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TotalUpdatePattern();

    [GeneratedRegex(@"busy replica|replica (?:is )?busy|being updated by another supplier", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BusyPattern();

    // What a supplier reports while it cannot reach its consumer and backs off (a peer restarting, a short network cut):
    // 389 DS "Error (-1) Problem connecting to replica - LDAP error: Can't contact LDAP server (connection error)",
    // "... transient error. Backing off, will retry update later.", Sun ONE 5.2 "81 - LDAP error: Can't contact LDAP server".
    [GeneratedRegex(@"can'?t contact|server is unavailable|server down|connect(?:ion)? (?:error|refused|timed out)|timed? ?out|will retry|backing off|transient error", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RetryingPattern();

    // A connection-level status that retrying cannot mend: a refused bind, missing rights, or the server asking for an operator.
    [GeneratedRegex(@"invalid credentials|permission denied|insufficient access|inappropriate authentication|administrator action", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NeedsOperatorPattern();

    [GeneratedRegex(@"\b(?:succeeded|successful(?:ly)?)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SuccessPattern();
}

/// <summary>What a Sun ONE / 389 DS agreement's <c>nsds5replicaLastUpdateStatus</c> says about replication.</summary>
public enum AgreementCondition
{
    /// <summary>No status to read.</summary>
    Unknown,

    /// <summary><c>0 No replication sessions started since server startup</c>: nothing to send yet; not an error.</summary>
    Idle,

    /// <summary>Code 0: the last session succeeded.</summary>
    Succeeded,

    /// <summary>The consumer was busy with another supplier; the supplier retries by itself. Not an error.</summary>
    Busy,

    /// <summary>Replication cannot resume without a total update (re-initialisation) of the consumer.</summary>
    TotalUpdateRequired,

    /// <summary>
    /// A connection-level failure the supplier retries by itself with a back-off (its peer restarting, a short cut):
    /// broken only once it persists (<see cref="ReplicationChecker"/>).
    /// </summary>
    Retrying,

    /// <summary>Any other non-zero status: an error, with its text.</summary>
    Failed,
}
