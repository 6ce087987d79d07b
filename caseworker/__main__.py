from caseworker.cli.commands import main

raise SystemExit(main())
