namespace MailHa.Operations.Topology;

/// <summary>How a node's interfaces are driven: Solaris <c>ifconfig</c> or Linux <c>ip</c>.</summary>
public enum NodePlatform
{
    Linux,
    Solaris,
}
