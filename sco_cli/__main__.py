from sco_cli.main import main

raise SystemExit(main())
