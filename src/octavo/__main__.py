from octavo.cli.main import main

raise SystemExit(main())
