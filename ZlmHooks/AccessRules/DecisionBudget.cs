using Microsoft.Extensions.Options;
using ZlmHooks.Storage;

namespace ZlmHooks.AccessRules;

/// <summary>Bounds how long any access decision waits for storage (<see cref="AccessRulesOptions.BudgetMilliseconds"/>):
/// past it the read is cancelled and the decision fails as "store unavailable", which every auth
/// hook answers as a denial.</summary>
public sealed class DecisionBudget(IOptions<AccessRulesOptions> options)
{
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> decide, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.BudgetMilliseconds);
        try
        {
            return await decide(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"the store did not answer within {options.Value.BudgetMilliseconds} ms");
        }
    }
}
