using CryoCdsHooks.WhatIf;

return await WhatIfCommand.RunAsync(args, Console.In, Console.Out, Console.Error);
