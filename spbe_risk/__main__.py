from spbe_risk.cli import main

main()
