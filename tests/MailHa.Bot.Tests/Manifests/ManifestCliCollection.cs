namespace MailHa.Bot.Tests.Manifests;

/// <summary>
/// Tests that build the whole <c>mailha</c> command tree run one at a time: the other verbs share static
/// <c>Option</c> instances across trees, and attaching them to new parents is not thread-safe.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ManifestCliCollection
{
    public const string Name = "mailha manifest CLI";
}
