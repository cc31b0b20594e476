using System.Text.Json;

namespace MailHa.Bot.Alerts;

/// <summary>The state <see cref="AlertCards{T}"/> keeps for an alert, and how a row kept in an older format reads.</summary>
/// <typeparam name="TSelf">The alert's state.</typeparam>
public interface IAlertCardState<TSelf>
    where TSelf : class, IAlertCardState<TSelf>
{
    /// <summary>The state of a row of <see cref="AlertCards.Format"/> 1 (its values kept as the words they were shown in), or null when it holds none.</summary>
    static abstract TSelf? FromFormat1(JsonElement state);
}
