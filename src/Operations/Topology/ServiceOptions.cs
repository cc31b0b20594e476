using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>
/// One service as configured in <c>MailHa:Services</c>: a VIP and host name users reach, the store behind it, and the
/// ordered nodes that may run it (first = home).
/// </summary>
public sealed class ServiceOptions
{
    /// <summary>The service's name in chat, the journal and the state files, e.g. <c>jt-mail-a</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$", ErrorMessage = "must be a name of letters, digits, '.', '-'")]
    public string Name { get; set; } = "";

    /// <summary>The nodes that may run it, in order of preference: the first is its home. At least two.</summary>
    public List<string> Nodes { get; set; } = [];

    [Required, ValidateObjectMembers]
    public VipOptions Vip { get; set; } = new();

    /// <summary>
    /// The service's own store: any <c>MailHa:Mirror</c> key (<c>Module</c>, <c>StorePath</c>, <c>StateFile</c>,
    /// <c>Cron</c>...). Keys left out inherit <c>MailHa:Mirror</c>. Read into the effective options when resolved.
    /// </summary>
    public Dictionary<string, string?> Mirror { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
