namespace MailHa.Operations.Topology;

/// <summary>The role a node is declared with in configuration; the journal records the live one.</summary>
public enum NodeRole
{
    Primary,
    Standby,
}
