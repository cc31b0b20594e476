using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Failover;

public static class FailoverServiceCollectionExtensions
{
    /// <summary>The failover engine and its parts (planner, admission, start, step sequence, ending, trail), its journal and the eight steps in order.</summary>
    public static IServiceCollection AddFailover(this IServiceCollection services)
    {
        services.TryAddSingleton<OperationJournal>();
        services.AddJournalSchema(OperationJournal.Schema);
        services.TryAddSingleton<NodesFoundDown>();
        services.TryAddSingleton<ServiceRecords>();
        services.TryAddSingleton<PlanFactsGatherer>();
        services.TryAddSingleton<FailoverPlanner>();
        services.TryAddSingleton<OperationTrail>();
        services.TryAddSingleton<ServiceLease>();
        services.TryAddSingleton<OperationAdmission>();
        services.TryAddSingleton<CatchUp>();
        services.TryAddSingleton<OperationStart>();
        services.TryAddSingleton<StepSequence>();
        services.TryAddSingleton<VipRollback>();
        services.TryAddSingleton<OperationEnding>();
        services.TryAddSingleton<FailoverEngine>();
        services.AddSingleton<FailoverStep, PreflightStep>();
        services.AddSingleton<FailoverStep, FenceStep>();
        services.AddSingleton<FailoverStep, DrainMailStep>();
        services.AddSingleton<FailoverStep, FinalSyncStep>();
        services.AddSingleton<FailoverStep, VerifyDirectoryStep>();
        services.AddSingleton<FailoverStep, RaiseVipStep>();
        services.AddSingleton<FailoverStep, VerifyVipStep>();
        services.AddSingleton<FailoverStep, RecordRolesStep>();
        return services;
    }
}
